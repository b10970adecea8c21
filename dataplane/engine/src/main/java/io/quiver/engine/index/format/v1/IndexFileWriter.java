package io.quiver.engine.index.format.v1;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the version-1 index container:
 *
 * <pre>
 * offset  size      field
 * 0       4         magic (int32, identifies the index type)
 * 4       4         format version (int32, 1)
 * 8       4         H: number of header values
 * 12      4         S: number of sections
 * 16      4 * H     header values (int32, meaning defined by the index type)
 * ...     16 * S    section table: (int64 offset from file start, int64 length in bytes)
 * ...               sections, each starting at a multiple of 64 bytes, zero padded between
 * </pre>
 *
 * All numbers are little-endian, so float and int sections can be read in place from a mapped
 * file. Collect the header and sections, then call {@link #writeTo(OutputStream)} once.
 */
public final class IndexFileWriter {

  public static final int VERSION = 1;
  static final int ALIGNMENT = 64;
  static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final int magic;
  private final int[] header;
  private final List<MemorySegment> sections = new ArrayList<>();

  public IndexFileWriter(int magic, int... header) {
    this.magic = magic;
    this.header = header.clone();
  }

  /** Appends a section; its bytes are copied out when the file is written. */
  public IndexFileWriter section(MemorySegment bytes) {
    sections.add(bytes);
    return this;
  }

  public void writeTo(OutputStream out) throws IOException {
    long prefix = 16L + 4L * header.length + 16L * sections.size();
    MemorySegment head = MemorySegment.ofArray(new byte[(int) prefix]);
    head.set(INT_LE, 0, magic);
    head.set(INT_LE, 4, VERSION);
    head.set(INT_LE, 8, header.length);
    head.set(INT_LE, 12, sections.size());
    for (int i = 0; i < header.length; i++) {
      head.set(INT_LE, 16 + 4L * i, header[i]);
    }
    long offset = align(prefix);
    long tableStart = 16L + 4L * header.length;
    for (int i = 0; i < sections.size(); i++) {
      long length = sections.get(i).byteSize();
      head.set(LONG_LE, tableStart + 16L * i, offset);
      head.set(LONG_LE, tableStart + 16L * i + 8, length);
      offset = align(offset + length);
    }
    out.write(head.toArray(ValueLayout.JAVA_BYTE));
    long position = prefix;
    byte[] buffer = new byte[1 << 16];
    for (MemorySegment section : sections) {
      position = pad(out, position);
      long length = section.byteSize();
      for (long done = 0; done < length; ) {
        int chunk = (int) Math.min(buffer.length, length - done);
        MemorySegment.copy(section, ValueLayout.JAVA_BYTE, done, buffer, 0, chunk);
        out.write(buffer, 0, chunk);
        done += chunk;
      }
      position += length;
    }
    out.flush();
  }

  private static long pad(OutputStream out, long position) throws IOException {
    long aligned = align(position);
    for (long p = position; p < aligned; p++) {
      out.write(0);
    }
    return aligned;
  }

  static long align(long offset) {
    return (offset + ALIGNMENT - 1) & -ALIGNMENT;
  }
}
