package io.quiver.storage.format.v1;

import static java.nio.file.StandardOpenOption.READ;

import io.quiver.engine.index.VectorIndex;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * An envelope around one serialized vector index ({@link VectorIndex#writeTo}), version 1: a
 * header that identifies the segment, field and index type and checksums the payload, then the
 * payload itself, starting at a 64-byte aligned offset so that it can be memory-mapped and read
 * in place.
 *
 * <p>Byte layout, little endian:
 *
 * <pre>
 * magic:u8[4] = "QIDX"  version:i32 = 1  segmentId:i64  fieldId:i64
 * payloadCrc:i32        CRC32C of the payload
 * payloadOffset:i32     64-byte aligned, = header length rounded up
 * payloadLength:i64
 * typeLength:i32 type:utf8{typeLength}   index type (FLAT, HNSW, ...), 1 to 256 bytes
 * headerCrc:i32         CRC32C of every header byte before it
 * zero padding up to payloadOffset
 * payload:u8{payloadLength}              then end of file
 * </pre>
 *
 * <p>Files are replaced atomically and durably ({@link AtomicFiles}). Stateless and thread safe.
 */
public final class IndexFile {

  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  static final int MAGIC = 0x58444951; // "QIDX" read as a little-endian int
  static final int ALIGNMENT = 64;
  /** Offset of typeLength; the type follows it, then the header CRC. */
  private static final int TYPE_LENGTH_AT = 4 + 4 + 8 + 8 + 4 + 4 + 8;
  private static final int TYPE_AT = TYPE_LENGTH_AT + 4;
  private static final int MAX_TYPE_BYTES = 256;
  private static final long CRC_CHUNK = 1L << 30;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /**
   * A mapped index file.
   *
   * @param type the index type, for {@code IndexRegistry.factory(type)}
   * @param payload the serialized index, read-only; valid while the arena passed to {@link #map} is open
   */
  public record Mapped(String type, MemorySegment payload) {}

  private IndexFile() {}

  /**
   * Writes {@code index} for field {@code fieldId} of segment {@code segmentId} to {@code file},
   * replacing it atomically and durably. If {@link VectorIndex#writeTo} fails, {@code file} is left
   * as it was.
   */
  public static void write(Path file, long segmentId, long fieldId, VectorIndex index) throws IOException {
    byte[] type = index.type().getBytes(StandardCharsets.UTF_8);
    if (type.length == 0 || type.length > MAX_TYPE_BYTES) {
      throw new IllegalArgumentException("index type name must have 1 to " + MAX_TYPE_BYTES + " bytes: " + index.type());
    }
    int payloadOffset = align(TYPE_AT + type.length + 4);
    AtomicFiles.write(file, channel -> {
      channel.position(payloadOffset);
      CountingCrcStream payload = new CountingCrcStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
      index.writeTo(payload);
      payload.flush();
      ByteBuffer header = ByteBuffer.allocate(payloadOffset).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(MAGIC).putInt(VERSION).putLong(segmentId).putLong(fieldId);
      header.putInt((int) payload.crc.getValue()).putInt(payloadOffset).putLong(payload.count);
      header.putInt(type.length).put(type);
      CRC32C crc = new CRC32C();
      crc.update(header.array(), 0, header.position());
      header.putInt((int) crc.getValue());
      header.position(0);
      channel.position(0);
      AtomicFiles.writeFully(channel, header);
    });
  }

  /**
   * Maps {@code file} read-only into {@code arena} after checking that it is a version-1 index
   * file of field {@code fieldId} of segment {@code segmentId} with an intact payload (the whole
   * payload is read once to verify its checksum). The mapping lives until {@code arena} closes.
   *
   * @throws IOException naming {@code file} when it cannot be read, is not an index file of this
   *     version, belongs to another segment or field, or is damaged or truncated
   */
  public static Mapped map(Path file, long segmentId, long fieldId, Arena arena) throws IOException {
    MemorySegment whole;
    try (FileChannel channel = FileChannel.open(file, READ)) {
      long size = channel.size();
      if (size < TYPE_AT + 1 + 4) {
        throw invalid(file, "too small (" + size + " bytes)");
      }
      whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
    }
    long size = whole.byteSize();
    if (whole.get(INT, 0) != MAGIC) {
      throw invalid(file, "not an index file (bad magic)");
    }
    int typeLength = whole.get(INT, TYPE_LENGTH_AT);
    if (typeLength <= 0 || typeLength > MAX_TYPE_BYTES || TYPE_AT + typeLength + 4 > size) {
      throw invalid(file, "damaged header (type length " + typeLength + ")");
    }
    int headerCrcAt = TYPE_AT + typeLength;
    CRC32C crc = new CRC32C();
    crc.update(whole.asSlice(0, headerCrcAt).asByteBuffer());
    if (whole.get(INT, headerCrcAt) != (int) crc.getValue()) {
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
    int payloadCrc = whole.get(INT, 24);
    int payloadOffset = whole.get(INT, 28);
    long payloadLength = whole.get(LONG, 32);
    if (payloadOffset != align(headerCrcAt + 4) || payloadLength < 0 || payloadOffset + payloadLength != size) {
      throw invalid(file, "payload of " + payloadLength + " bytes at " + payloadOffset + " does not fit a file of " + size
          + " bytes (truncated?)");
    }
    String type = new String(whole.asSlice(TYPE_AT, typeLength).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    MemorySegment payload = whole.asSlice(payloadOffset, payloadLength).asReadOnly();
    crc.reset();
    for (long at = 0; at < payloadLength; at += CRC_CHUNK) {
      crc.update(payload.asSlice(at, Math.min(CRC_CHUNK, payloadLength - at)).asByteBuffer());
    }
    if ((int) crc.getValue() != payloadCrc) {
      throw invalid(file, "damaged payload (checksum mismatch)");
    }
    return new Mapped(type, payload);
  }

  private static int align(int offset) {
    return (offset + ALIGNMENT - 1) & -ALIGNMENT;
  }

  private static IOException invalid(Path file, String reason) {
    return new IOException("index file " + file + ": " + reason);
  }

  /** Counts and checksums what passes through; close does not close the target. */
  private static final class CountingCrcStream extends OutputStream {
    private final OutputStream out;
    final CRC32C crc = new CRC32C();
    long count;

    CountingCrcStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      crc.update(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      crc.update(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
