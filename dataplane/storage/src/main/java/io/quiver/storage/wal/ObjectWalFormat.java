package io.quiver.storage.wal;

import io.quiver.storage.wal.WalFormat.Batch;
import io.quiver.storage.wal.WalFormat.FormatException;
import io.quiver.storage.wal.WalFormat.RecordVisitor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The objects of an {@link ObjectWriteAheadLog}, format version {@value #VERSION}: their keys
 * (relative to the store the log was opened on, e.g. {@code wal/<collection>/<shard>/}) and the
 * byte layout of batch objects. All numbers in keys are decimal, zero-padded to a fixed width so
 * that the listing order of keys ({@link io.quiver.storage.object.ObjectKeys#ORDER}) is numeric
 * order; epochs take 10 digits, LSNs 20.
 *
 * <pre>
 * fence/&lt;epoch&gt;                          empty; the writer of epoch owns the log from now on.
 *                                        Written first by every open, never deleted
 * &lt;epoch&gt;/&lt;start&gt;.start                  empty; the records of epoch begin at LSN start, and
 *                                        lower epochs hold no valid record from start on.
 *                                        Written at the end of every open, never deleted
 * &lt;epoch&gt;/&lt;first&gt;-&lt;last&gt;.batch           the records first..last of one group commit
 * floor/&lt;lsn&gt;                            empty; records below lsn were truncated (batches below
 *                                        it may remain until deleted). The highest counts
 * </pre>
 *
 * e.g. {@code 0000000003/00000000000000000042-00000000000000000057.batch}.
 *
 * <p>A batch object is a header followed by one record frame per record, big-endian:
 *
 * <pre>
 * header, {@value #HEADER_BYTES} bytes
 *    0  int    magic 0x51574F42 ("QWOB")
 *    4  int    format version ({@value #VERSION})
 *    8  long   epoch of the writer; equals the key's
 *   16  long   first LSN; equals the key's
 *   24  long   last LSN; equals the key's
 *   32  int    record count: last - first + 1, at least 1
 *   36  int    record encoding: {@link RecordTransformer#id()} of the transformer that encoded
 *              the records; 0 = stored as appended
 *   40  long   body length: the bytes of the record frames that follow; the object ends there
 *   48  int    CRC32C of bytes 0..47
 *
 * record frame, as in {@link WalFormat} ({@value WalFormat#FRAME_HEADER_BYTES} bytes of header)
 *    0  int    n: stored length (after the transformer)
 *    4  int    CRC32C of the 4 bytes of n followed by the n stored bytes
 *    8  n      stored record bytes
 * </pre>
 *
 * <p>Thread safety: stateless; all methods may be called from any thread.
 */
final class ObjectWalFormat {

  static final int BATCH_MAGIC = 0x51574F42;
  static final int VERSION = 1;
  static final int HEADER_BYTES = 52;
  /** The highest epoch the 10-digit keys can hold. */
  static final long MAX_EPOCH = 9_999_999_999L;
  /** The largest batch object, header included: what one byte array can hold. */
  static final long MAX_OBJECT_BYTES = Integer.MAX_VALUE - 8;

  static final String FENCE_PREFIX = "fence/";
  static final String FLOOR_PREFIX = "floor/";
  private static final String START_SUFFIX = ".start";
  private static final String BATCH_SUFFIX = ".batch";
  private static final int EPOCH_DIGITS = 10;
  private static final int LSN_DIGITS = 20;

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private ObjectWalFormat() {}

  // ---- keys ----

  /** What a key of the log names; {@link #parseKey} returns one per kind. */
  sealed interface Key permits FenceKey, StartKey, BatchKey, FloorKey {
    /** The epoch the object belongs to; 0 for floors, which belong to none. */
    long epoch();
  }

  record FenceKey(long epoch) implements Key {}

  record StartKey(long epoch, long startLsn) implements Key {}

  record BatchKey(long epoch, long firstLsn, long lastLsn) implements Key {}

  record FloorKey(long lsn) implements Key {
    @Override
    public long epoch() {
      return 0;
    }
  }

  static String fenceKey(long epoch) {
    return FENCE_PREFIX + pad(epoch, EPOCH_DIGITS);
  }

  static String startKey(long epoch, long startLsn) {
    return pad(epoch, EPOCH_DIGITS) + '/' + pad(startLsn, LSN_DIGITS) + START_SUFFIX;
  }

  static String batchKey(long epoch, long firstLsn, long lastLsn) {
    return pad(epoch, EPOCH_DIGITS) + '/' + pad(firstLsn, LSN_DIGITS) + '-' + pad(lastLsn, LSN_DIGITS) + BATCH_SUFFIX;
  }

  static String floorKey(long lsn) {
    return FLOOR_PREFIX + pad(lsn, LSN_DIGITS);
  }

  /** The key {@code key} stands for, or null if it is not a key of this layout. */
  static Key parseKey(String key) {
    if (key.length() == FENCE_PREFIX.length() + EPOCH_DIGITS && key.startsWith(FENCE_PREFIX)) {
      long epoch = digits(key, FENCE_PREFIX.length(), EPOCH_DIGITS);
      return epoch < 0 ? null : new FenceKey(epoch);
    }
    if (key.length() == FLOOR_PREFIX.length() + LSN_DIGITS && key.startsWith(FLOOR_PREFIX)) {
      long lsn = digits(key, FLOOR_PREFIX.length(), LSN_DIGITS);
      return lsn < 0 ? null : new FloorKey(lsn);
    }
    if (key.length() < EPOCH_DIGITS + 1 || key.charAt(EPOCH_DIGITS) != '/') {
      return null;
    }
    long epoch = digits(key, 0, EPOCH_DIGITS);
    int lsnAt = EPOCH_DIGITS + 1;
    if (epoch < 0) {
      return null;
    }
    if (key.length() == lsnAt + LSN_DIGITS + START_SUFFIX.length() && key.endsWith(START_SUFFIX)) {
      long start = digits(key, lsnAt, LSN_DIGITS);
      return start < 0 ? null : new StartKey(epoch, start);
    }
    int lastAt = lsnAt + LSN_DIGITS + 1;
    if (key.length() == lastAt + LSN_DIGITS + BATCH_SUFFIX.length() && key.endsWith(BATCH_SUFFIX)
        && key.charAt(lastAt - 1) == '-') {
      long first = digits(key, lsnAt, LSN_DIGITS);
      long last = digits(key, lastAt, LSN_DIGITS);
      return first < 0 || last < first ? null : new BatchKey(epoch, first, last);
    }
    return null;
  }

  /** The decimal number of {@code count} digits at {@code from}, or -1 if they are not all digits or overflow. */
  private static long digits(String s, int from, int count) {
    long value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static String pad(long value, int width) {
    String digits = Long.toString(value);
    if (value < 0 || digits.length() > width) {
      throw new IllegalArgumentException(value + " does not fit in " + width + " decimal digits");
    }
    return "0".repeat(width - digits.length()) + digits;
  }

  // ---- batch objects ----

  /** A checked batch header. */
  record Header(long epoch, long firstLsn, long lastLsn, int count, int encoding, long bodyLength) {}

  /** The bytes a batch of {@code records} takes, header included. */
  static long batchBytes(List<PendingRecord> records) {
    long bytes = HEADER_BYTES;
    for (PendingRecord record : records) {
      bytes += record.frameBytes();
    }
    return bytes;
  }

  /**
   * The batch object of {@code records}, which have dense increasing LSNs.
   *
   * @throws IllegalArgumentException if the object would exceed {@link #MAX_OBJECT_BYTES}
   */
  static byte[] encodeBatch(long epoch, int encoding, List<PendingRecord> records) {
    long size = batchBytes(records);
    if (size > MAX_OBJECT_BYTES) {
      throw new IllegalArgumentException("a batch of " + size + " bytes exceeds the limit of " + MAX_OBJECT_BYTES);
    }
    byte[] object = new byte[(int) size];
    ByteBuffer out = ByteBuffer.wrap(object);
    out.putInt(BATCH_MAGIC).putInt(VERSION).putLong(epoch)
        .putLong(records.getFirst().lsn()).putLong(records.getLast().lsn())
        .putInt(records.size()).putInt(encoding).putLong(size - HEADER_BYTES);
    CRC32C crc = new CRC32C();
    crc.update(object, 0, HEADER_BYTES - 4);
    out.putInt((int) crc.getValue());
    for (PendingRecord record : records) {
      WalFormat.putFrameHeader(out, record.storedLength(), record.crc());
      out.put(record.stored().duplicate());
    }
    return object;
  }

  /**
   * Reads and checks the header of a batch object: magic, version, CRC, a count that matches the
   * LSN range, and an object size that matches the body length. Does not look at the frames.
   */
  static Header readHeader(MemorySegment object) throws FormatException {
    if (object.byteSize() < HEADER_BYTES) {
      throw new FormatException(0, "object of " + object.byteSize() + " bytes is shorter than the " + HEADER_BYTES
          + "-byte batch header");
    }
    int magic = object.get(INT, 0);
    if (magic != BATCH_MAGIC) {
      throw new FormatException(0, String.format("bad batch magic 0x%08X, expected 0x%08X", magic, BATCH_MAGIC));
    }
    CRC32C crc = new CRC32C();
    crc.update(object.asSlice(0, HEADER_BYTES - 4).asByteBuffer());
    if ((int) crc.getValue() != object.get(INT, HEADER_BYTES - 4)) {
      throw new FormatException(0, "batch header CRC mismatch");
    }
    int version = object.get(INT, 4);
    if (version != VERSION) {
      throw new FormatException(4, "unsupported batch format version " + version + "; this build reads version " + VERSION);
    }
    Header header = new Header(object.get(LONG, 8), object.get(LONG, 16), object.get(LONG, 24), object.get(INT, 32),
        object.get(INT, 36), object.get(LONG, 40));
    if (header.count() < 1 || header.lastLsn() - header.firstLsn() + 1 != header.count()) {
      throw new FormatException(32, "batch header claims " + header.count() + " records for LSNs " + header.firstLsn()
          + " to " + header.lastLsn());
    }
    if (header.bodyLength() != object.byteSize() - HEADER_BYTES) {
      throw new FormatException(40, "batch header claims a body of " + header.bodyLength() + " bytes, the object has "
          + (object.byteSize() - HEADER_BYTES));
    }
    return header;
  }

  /**
   * Checks every record frame of the batch (lengths, CRCs, that they fill the body exactly) and
   * then hands the records with LSN from {@code fromLsn} to {@code toLsn} to {@code visitor}
   * (none if it is null), so a visitor never sees part of a damaged batch.
   */
  static void readRecords(MemorySegment object, Header header, long fromLsn, long toLsn, RecordVisitor visitor)
      throws FormatException, IOException {
    // The frames are those of WalFormat; its reader takes a batch by the offset of its own
    // (shorter) header, so it is shifted to make the body start right after ours.
    Batch frames = new Batch(HEADER_BYTES - WalFormat.BATCH_HEADER_BYTES, header.count(), header.firstLsn(),
        header.bodyLength());
    WalFormat.readRecords(object, frames, fromLsn, visitor == null || toLsn < fromLsn ? null : (lsn, stored) -> {
      if (lsn <= toLsn) {
        visitor.visit(lsn, stored);
      }
    });
  }
}
