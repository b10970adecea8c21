package io.quiver.storage.format.v1;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The delete timestamps of one sealed segment, version 1: only the deleted rows, as (row,
 * timestamp) pairs in increasing row order.
 *
 * <p>Byte layout, little endian:
 *
 * <pre>
 * magic:u8[4] = "QDEL"  version:i32 = 1  segmentId:i64  rows:i32  count:i32
 * (row:i32 timestamp:i64){count}     rows strictly increasing, each in [0, rows); timestamp != 0
 * crc:i32                            CRC32C of every byte before it
 * </pre>
 *
 * <p>Files are replaced atomically and durably ({@link AtomicFiles}). Stateless and thread safe.
 */
public final class DeleteLog {

  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  static final int MAGIC = 0x4C454451; // "QDEL" read as a little-endian int
  private static final int HEADER_BYTES = 4 + 4 + 8 + 4 + 4;
  private static final int ENTRY_BYTES = 4 + 8;

  private DeleteLog() {}

  /**
   * Writes the delete timestamps of segment {@code segmentId}: {@code deleteTimestamps[row]} is the
   * timestamp at which {@code row} was deleted, 0 for a live row; its length is the segment's row
   * count. Replaces {@code file} atomically and durably.
   */
  public static void write(Path file, long segmentId, long[] deleteTimestamps) throws IOException {
    int count = 0;
    for (long ts : deleteTimestamps) {
      if (ts != 0) {
        count++;
      }
    }
    ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(HEADER_BYTES + (long) count * ENTRY_BYTES + 4))
        .order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(MAGIC).putInt(VERSION).putLong(segmentId).putInt(deleteTimestamps.length).putInt(count);
    for (int row = 0; row < deleteTimestamps.length; row++) {
      if (deleteTimestamps[row] != 0) {
        buf.putInt(row).putLong(deleteTimestamps[row]);
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    buf.flip();
    AtomicFiles.write(file, buf);
  }

  /**
   * Reads the delete timestamps of segment {@code segmentId}, which has {@code rows} rows: one
   * entry per row, 0 for live rows.
   *
   * @throws IOException naming {@code file} when it cannot be read, is not a version-1 delete log,
   *     is damaged (checksum mismatch) or belongs to another segment or a segment with another row
   *     count
   */
  public static long[] read(Path file, long segmentId, int rows) throws IOException {
    ByteBuffer buf;
    try (FileChannel channel = FileChannel.open(file, READ)) {
      long size = channel.size();
      if (size < HEADER_BYTES + 4 || size > HEADER_BYTES + 4 + (long) rows * ENTRY_BYTES) {
        throw invalid(file, "size " + size + " does not fit a delete log of a segment of " + rows + " rows");
      }
      buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
      AtomicFiles.readFully(channel, buf, 0, file);
    }
    int end = buf.capacity() - 4;
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, end);
    if (buf.getInt(end) != (int) crc.getValue()) {
      if (buf.getInt(0) != MAGIC) {
        throw invalid(file, "not a delete log (bad magic)");
      }
      throw invalid(file, "checksum mismatch (damaged or truncated)");
    }
    buf.flip().limit(end);
    if (buf.getInt() != MAGIC) {
      throw invalid(file, "not a delete log (bad magic)");
    }
    int version = buf.getInt();
    if (version != VERSION) {
      throw invalid(file, "unsupported version " + version + " (this build reads " + VERSION + ")");
    }
    long storedSegment = buf.getLong();
    if (storedSegment != segmentId) {
      throw invalid(file, "belongs to segment " + storedSegment + ", not " + segmentId);
    }
    int storedRows = buf.getInt();
    if (storedRows != rows) {
      throw invalid(file, "written for " + storedRows + " rows, the segment has " + rows);
    }
    int count = buf.getInt();
    if (count < 0 || (long) count * ENTRY_BYTES != buf.remaining()) {
      throw invalid(file, "entry count " + count + " does not match the file size");
    }
    long[] out = new long[rows];
    int previous = -1;
    for (int i = 0; i < count; i++) {
      int row = buf.getInt();
      long ts = buf.getLong();
      if (row <= previous || row >= rows || ts == 0) {
        throw invalid(file, "invalid entry " + i + " (row " + row + ", timestamp " + ts + ")");
      }
      out[row] = ts;
      previous = row;
    }
    return out;
  }

  private static IOException invalid(Path file, String reason) {
    return new IOException("delete log " + file + ": " + reason);
  }
}
