package io.quiver.engine.segment;

/**
 * Hands out hybrid timestamps: {@code physicalMillis << 18 | logical}, strictly increasing,
 * as Milvus's TSO does, so the SDKs can read the physical time with {@code ts >> 18}. Also used
 * to allocate auto-generated primary keys (a batch takes a contiguous range).
 *
 * <p>Thread safe.
 */
public final class TimestampOracle {

  public static final int LOGICAL_BITS = 18;

  private long last;

  /** @param floor every timestamp handed out will be greater than this (e.g. the last persisted) */
  public TimestampOracle(long floor) {
    this.last = floor;
  }

  public static long physicalMillis(long ts) {
    return ts >>> LOGICAL_BITS;
  }

  public static long compose(long physicalMillis, long logical) {
    return (physicalMillis << LOGICAL_BITS) | logical;
  }

  /** A new timestamp, greater than every one handed out before. */
  public synchronized long next() {
    return allocate(1);
  }

  /**
   * Reserves {@code count} consecutive values and returns the first; all are greater than any
   * value handed out before.
   */
  public synchronized long allocate(int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be > 0");
    }
    long now = compose(System.currentTimeMillis(), 0);
    long first = Math.max(now, last + 1);
    last = first + count - 1;
    return first;
  }

  /** Raises the floor so later values exceed {@code ts} (used when replaying a log). */
  public synchronized void observe(long ts) {
    if (ts > last) {
      last = ts;
    }
  }

  /** The last value handed out (or observed). */
  public synchronized long current() {
    return last;
  }
}
