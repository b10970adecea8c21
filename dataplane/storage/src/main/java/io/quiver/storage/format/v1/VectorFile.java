package io.quiver.storage.format.v1;

import static java.nio.file.StandardOpenOption.READ;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The float vectors of one field of a sealed segment, stored raw so they can be memory-mapped
 * and served without copying onto the Java heap.
 *
 * <p>Layout (version 1, little endian):
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "QVEC" (0x43455651 read little endian)
 *      4     4  version (1)
 *      8     8  segment id
 *     16     8  field id
 *     24     4  rows
 *     28     4  dimension
 *     32     4  CRC32C of the vector data
 *     36     4  CRC32C of bytes 0..35
 *     40    24  zero padding (the data starts 64-byte aligned)
 *     64     -  rows * dimension float32 values, row-major
 * </pre>
 *
 * Written atomically (temporary file, fsync, rename, directory fsync).
 */
public final class VectorFile {

  public static final int VERSION = 1;
  static final int MAGIC = 0x43455651; // "QVEC"
  static final int HEADER_BYTES = 64;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** A mapped vector file: {@code vectors} holds exactly {@code rows * dimension} floats. */
  public record Mapped(MemorySegment vectors, int rows, int dimension) {}

  private VectorFile() {}

  /** Writes {@code rows} vectors of {@code dimension} floats from {@code data} (row-major). */
  public static void write(Path file, long segmentId, long fieldId, float[] data, int rows, int dimension) throws IOException {
    long floats = (long) rows * dimension;
    if (dimension <= 0 || rows < 0 || data.length < floats) {
      throw new IllegalArgumentException("vector data of field " + fieldId + " holds " + data.length + " floats, not "
          + rows + " x " + dimension);
    }
    ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(floats * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    body.asFloatBuffer().put(data, 0, (int) floats);
    CRC32C dataCrc = new CRC32C();
    dataCrc.update(body.duplicate());
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(MAGIC).putInt(VERSION).putLong(segmentId).putLong(fieldId).putInt(rows).putInt(dimension)
        .putInt((int) dataCrc.getValue());
    CRC32C headerCrc = new CRC32C();
    headerCrc.update(header.array(), 0, 36);
    header.putInt((int) headerCrc.getValue());
    header.position(0);
    AtomicFiles.write(file, channel -> {
      AtomicFiles.writeFully(channel, header);
      AtomicFiles.writeFully(channel, body);
    });
  }

  /**
   * Maps {@code file} read-only into {@code arena} after checking its header, its identity and the
   * checksum of the data (read once). The mapping lives until {@code arena} closes.
   *
   * @throws IOException naming the file when it is not a vector file of this segment and field, or
   *     is damaged or truncated
   */
  public static Mapped map(Path file, long segmentId, long fieldId, Arena arena) throws IOException {
    MemorySegment whole;
    try (FileChannel channel = FileChannel.open(file, READ)) {
      long size = channel.size();
      if (size < HEADER_BYTES) {
        throw invalid(file, "too small (" + size + " bytes)");
      }
      whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
    }
    if (whole.get(INT, 0) != MAGIC) {
      throw invalid(file, "not a vector file (bad magic)");
    }
    CRC32C headerCrc = new CRC32C();
    headerCrc.update(whole.asSlice(0, 36).asByteBuffer());
    if (whole.get(INT, 36) != (int) headerCrc.getValue()) {
      throw invalid(file, "damaged header (checksum mismatch)");
    }
    int version = whole.get(INT, 4);
    if (version != VERSION) {
      throw invalid(file, "unsupported version " + version + " (this build reads " + VERSION + ")");
    }
    long storedSegment = whole.get(LONG, 8);
    long storedField = whole.get(LONG, 16);
    if (storedSegment != segmentId || storedField != fieldId) {
      throw invalid(file, "belongs to segment " + storedSegment + " field " + storedField + ", not segment " + segmentId
          + " field " + fieldId);
    }
    int rows = whole.get(INT, 24);
    int dimension = whole.get(INT, 28);
    long dataBytes = (long) rows * dimension * Float.BYTES;
    if (rows < 0 || dimension <= 0 || HEADER_BYTES + dataBytes != whole.byteSize()) {
      throw invalid(file, rows + " x " + dimension + " vectors do not fit a file of " + whole.byteSize() + " bytes");
    }
    MemorySegment data = whole.asSlice(HEADER_BYTES, dataBytes);
    CRC32C dataCrc = new CRC32C();
    long chunk = 1L << 24;
    for (long at = 0; at < dataBytes; at += chunk) {
      dataCrc.update(data.asSlice(at, Math.min(chunk, dataBytes - at)).asByteBuffer());
    }
    if (whole.get(INT, 32) != (int) dataCrc.getValue()) {
      throw invalid(file, "damaged vector data (checksum mismatch)");
    }
    return new Mapped(data, rows, dimension);
  }

  private static IOException invalid(Path file, String why) {
    return new IOException("vector file " + file + " is unusable: " + why);
  }
}
