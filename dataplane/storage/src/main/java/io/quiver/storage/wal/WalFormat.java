package io.quiver.storage.wal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of write-ahead log files, format version {@value #VERSION}. All integers
 * are big-endian; offsets and lengths are in bytes.
 *
 * <p>A log is a directory of files named {@code <LSN as 20 decimal digits>.wal}, e.g. {@code
 * 00000000000000000042.wal}. The name is the LSN of the file's first record; for a file that
 * holds no record yet (only the active file can be such a file) it is the LSN the next append
 * gets. Every file is a header followed by zero or more batches:
 *
 * <pre>
 * file header, {@value #FILE_HEADER_BYTES} bytes
 *    0  int    magic 0x5157414C ("QWAL")
 *    4  int    format version ({@value #VERSION})
 *    8  long   first LSN; equals the file name
 *   16  int    record encoding: {@link RecordTransformer#id()} of the transformer that encoded
 *              this file's records; 0 = stored as appended
 *   20  int    CRC32C of bytes 0..19
 *
 * batch: the records of one group commit (one write, one force), {@value #BATCH_HEADER_BYTES}
 * bytes of header followed by count record frames
 *    0  int    magic 0x51424348 ("QBCH")
 *    4  int    record count, at least 1
 *    8  long   LSN of the first record; record i of the batch has LSN firstLsn + i
 *   16  long   body length: the bytes of the record frames that follow
 *   24  int    CRC32C of bytes 0..23
 *
 * record frame, {@value #FRAME_HEADER_BYTES} bytes of header followed by the stored record
 *    0  int    n: stored length (after the transformer)
 *    4  int    CRC32C of the 4 bytes of n followed by the n stored bytes
 *    8  n      stored record bytes
 * </pre>
 *
 * <p>Invariants a valid log keeps: batches follow one another without gaps and a file ends
 * exactly where its last batch ends; LSNs are dense, from batch to batch and from file to file
 * (the first LSN of a file is one more than the last LSN of the file before it); a batch lies
 * within one file. A batch is written only after the previous batch was forced, so after a
 * crash only the last batch of the last file can be incomplete: recovery drops an invalid batch
 * there (a torn tail) unless a valid batch with a higher LSN follows it, which proves the
 * damage is not a torn write.
 *
 * <p>Thread safety: stateless; all methods may be called from any thread.
 */
final class WalFormat {

  static final int FILE_MAGIC = 0x5157414C;
  static final int BATCH_MAGIC = 0x51424348;
  static final int VERSION = 1;

  static final int FILE_HEADER_BYTES = 24;
  static final int BATCH_HEADER_BYTES = 28;
  static final int FRAME_HEADER_BYTES = 8;

  /** The largest stored record the format and the JVM can hold in one buffer. */
  static final int MAX_STORED_RECORD_BYTES = Integer.MAX_VALUE - 64;

  /** The encoding of records stored as appended ({@link RecordTransformer#IDENTITY}). */
  static final int IDENTITY_ENCODING = 0;

  private static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private WalFormat() {}

  /** A decoded file header. */
  record FileHeader(long firstLsn, int encoding) {}

  /**
   * A decoded batch header at {@code offset}; the batch's frames end at {@link #end()}.
   */
  record Batch(long offset, int count, long firstLsn, long bodyLength) {
    long end() {
      return offset + BATCH_HEADER_BYTES + bodyLength;
    }

    /** One more than the LSN of the batch's last record. */
    long nextLsn() {
      return firstLsn + count;
    }
  }

  /** Receives the records of a batch, in LSN order. */
  @FunctionalInterface
  interface RecordVisitor {
    /**
     * @param stored a read-only view of the stored bytes, valid only during the call
     */
    void visit(long lsn, ByteBuffer stored) throws java.io.IOException;
  }

  /**
   * Where and why bytes do not form a valid part of a log. Cheap to throw (no stack trace):
   * recovery throws one at the end of every torn tail.
   */
  static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    final long offset;

    FormatException(long offset, String reason) {
      super(reason, null, false, false);
      this.offset = offset;
    }

    String reason() {
      return getMessage();
    }
  }

  /** The name of the file whose first LSN is {@code firstLsn}. */
  static String fileName(long firstLsn) {
    return String.format("%020d.wal", firstLsn);
  }

  /** The first LSN a file name stands for, or -1 if the name is not a log file's name. */
  static long parseFileName(String name) {
    if (name.length() != 24 || !name.endsWith(".wal")) {
      return -1;
    }
    for (int i = 0; i < 20; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(name, 0, 20, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static ByteBuffer fileHeader(long firstLsn, int encoding) {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER_BYTES);
    b.putInt(FILE_MAGIC).putInt(VERSION).putLong(firstLsn).putInt(encoding);
    b.putInt(crc(b.array(), 0, 20));
    return b.flip();
  }

  /** Reads and checks the file header at the start of {@code file}. */
  static FileHeader readFileHeader(MemorySegment file) throws FormatException {
    if (file.byteSize() < FILE_HEADER_BYTES) {
      throw new FormatException(0, "file is shorter than its " + FILE_HEADER_BYTES + "-byte header");
    }
    int magic = file.get(INT, 0);
    if (magic != FILE_MAGIC) {
      throw new FormatException(0, String.format("bad file magic 0x%08X, expected 0x%08X", magic, FILE_MAGIC));
    }
    if (crc(file, 0, 20) != file.get(INT, 20)) {
      throw new FormatException(0, "file header CRC mismatch");
    }
    int version = file.get(INT, 4);
    if (version != VERSION) {
      throw new FormatException(
          4, "unsupported format version " + version + "; this build reads version " + VERSION);
    }
    return new FileHeader(file.get(LONG, 8), file.get(INT, 16));
  }

  static void putBatchHeader(ByteBuffer dst, int count, long firstLsn, long bodyLength) {
    int start = dst.position();
    dst.putInt(BATCH_MAGIC).putInt(count).putLong(firstLsn).putLong(bodyLength);
    CRC32C crc = new CRC32C();
    crc.update(dst.duplicate().position(start).limit(start + 24));
    dst.putInt((int) crc.getValue());
  }

  static void putFrameHeader(ByteBuffer dst, int storedLength, int crc) {
    dst.putInt(storedLength).putInt(crc);
  }

  /** The frame CRC of a stored record: CRC32C of its length (4 bytes) and its bytes. */
  static int recordCrc(ByteBuffer stored) {
    CRC32C crc = new CRC32C();
    int n = stored.remaining();
    crc.update(n >>> 24);
    crc.update(n >>> 16);
    crc.update(n >>> 8);
    crc.update(n);
    crc.update(stored.duplicate());
    return (int) crc.getValue();
  }

  /**
   * Reads and checks the header of the batch at {@code offset}: magic, CRC, that it holds
   * {@code expectedLsn} first and that its body ends by {@code limit}. Does not look at the
   * record frames.
   */
  static Batch readBatch(MemorySegment file, long offset, long limit, long expectedLsn)
      throws FormatException {
    if (limit - offset < BATCH_HEADER_BYTES) {
      throw new FormatException(offset, "incomplete batch header (" + (limit - offset) + " bytes)");
    }
    if (file.get(INT, offset) != BATCH_MAGIC) {
      throw new FormatException(offset, "bad batch magic");
    }
    if (crc(file, offset, 24) != file.get(INT, offset + 24)) {
      throw new FormatException(offset, "batch header CRC mismatch");
    }
    int count = file.get(INT, offset + 4);
    long firstLsn = file.get(LONG, offset + 8);
    long bodyLength = file.get(LONG, offset + 16);
    if (firstLsn != expectedLsn) {
      throw new FormatException(
          offset, "batch starts at LSN " + firstLsn + " where LSN " + expectedLsn + " was expected");
    }
    if (count < 1 || bodyLength < (long) count * FRAME_HEADER_BYTES) {
      throw new FormatException(
          offset, "batch header claims " + count + " records in " + bodyLength + " bytes");
    }
    Batch batch = new Batch(offset, count, firstLsn, bodyLength);
    if (batch.end() > limit) {
      throw new FormatException(
          offset, "incomplete batch: it ends at " + batch.end() + " but the data ends at " + limit);
    }
    return batch;
  }

  /**
   * Walks the record frames of {@code batch}, checking each frame's length and CRC and that
   * the frames fill the body exactly, and hands the records with LSN at least {@code fromLsn}
   * to {@code visitor}. Every frame is checked before the first record is handed over, so a
   * visitor never sees part of a damaged batch.
   */
  static void readRecords(MemorySegment file, Batch batch, long fromLsn, RecordVisitor visitor)
      throws FormatException, java.io.IOException {
    long bodyStart = batch.offset() + BATCH_HEADER_BYTES;
    long end = batch.end();
    long pos = bodyStart;
    for (int i = 0; i < batch.count(); i++) {
      if (end - pos < FRAME_HEADER_BYTES) {
        throw new FormatException(pos, "record frame header runs past the end of its batch");
      }
      int length = file.get(INT, pos);
      long payload = pos + FRAME_HEADER_BYTES;
      if (length < 0 || length > end - payload) {
        throw new FormatException(pos, "record length " + length + " runs past the end of its batch");
      }
      if (recordCrc(file, payload, length) != file.get(INT, pos + 4)) {
        throw new FormatException(pos, "record CRC mismatch (LSN " + (batch.firstLsn() + i) + ")");
      }
      pos = payload + length;
    }
    if (pos != end) {
      throw new FormatException(pos, "batch body has " + (end - pos) + " bytes after its last record");
    }
    if (visitor == null || batch.nextLsn() <= fromLsn) {
      return;
    }
    pos = bodyStart;
    for (int i = 0; i < batch.count(); i++) {
      int length = file.get(INT, pos);
      long payload = pos + FRAME_HEADER_BYTES;
      long lsn = batch.firstLsn() + i;
      if (lsn >= fromLsn) {
        visitor.visit(lsn, file.asSlice(payload, length).asByteBuffer().asReadOnlyBuffer());
      }
      pos = payload + length;
    }
  }

  /**
   * Looks for a valid batch after the invalid batch at {@code damaged}, whose first LSN would
   * have been {@code expectedLsn}; returns its offset or -1. Recovery uses it to tell a torn tail
   * (nothing valid follows) from damage to synced records (a later batch follows, so the damaged
   * one was synced before it was written).
   *
   * <p>If the damaged batch's header is intact, only its end is looked at, so a record whose
   * bytes imitate a batch header cannot make a torn tail look like damage. If the header itself
   * is damaged, the rest of the data is scanned for a header with magic, CRC and an LSN of at
   * least {@code expectedLsn}.
   */
  static long findBatchAfterDamage(MemorySegment file, long damaged, long limit, long expectedLsn) {
    if (isBatchHeader(file, damaged, limit, expectedLsn)
        && file.get(LONG, damaged + 8) == expectedLsn) {
      long end = damaged + BATCH_HEADER_BYTES + file.get(LONG, damaged + 16);
      return end > damaged && isBatchHeader(file, end, limit, expectedLsn + 1) ? end : -1;
    }
    byte first = (byte) (BATCH_MAGIC >>> 24);
    for (long pos = damaged + 1; pos + BATCH_HEADER_BYTES <= limit; pos++) {
      if (file.get(ValueLayout.JAVA_BYTE, pos) == first && isBatchHeader(file, pos, limit, expectedLsn)) {
        return pos;
      }
    }
    return -1;
  }

  /** Whether a batch header with a valid CRC and a first LSN of at least {@code minLsn} is at {@code pos}. */
  private static boolean isBatchHeader(MemorySegment file, long pos, long limit, long minLsn) {
    return pos >= 0
        && limit - pos >= BATCH_HEADER_BYTES
        && file.get(INT, pos) == BATCH_MAGIC
        && crc(file, pos, 24) == file.get(INT, pos + 24)
        && file.get(LONG, pos + 8) >= minLsn;
  }

  private static int recordCrc(MemorySegment file, long offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(file.asSlice(offset - FRAME_HEADER_BYTES, 4).asByteBuffer());
    crc.update(file.asSlice(offset, length).asByteBuffer());
    return (int) crc.getValue();
  }

  private static int crc(MemorySegment file, long offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(file.asSlice(offset, length).asByteBuffer());
    return (int) crc.getValue();
  }

  private static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
