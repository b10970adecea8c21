package io.quiver.engine.util;

/**
 * Read-only view of a set of non-negative int positions (row ordinals of a segment).
 *
 * <p>Implementations are not required to be thread safe for writes, but every implementation
 * in the engine may be read concurrently once it is no longer modified.
 */
public interface Bits {

  /** Whether position {@code index} is set; {@code 0 <= index < length()}. */
  boolean get(int index);

  /** The number of positions this view covers. */
  int length();

  /** Bits that are set for every position in {@code [0, length)}. */
  static Bits all(int length) {
    return new Bits() {
      @Override
      public boolean get(int index) {
        return true;
      }

      @Override
      public int length() {
        return length;
      }
    };
  }
}
