package io.quiver.engine.index.format.v1;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Reads the container {@link IndexFileWriter} writes, in place: header values are decoded, and
 * sections are slices of the given segment (no copy, so a mapped file stays on disk until
 * touched).
 */
public final class IndexFile {

  private final int[] header;
  private final MemorySegment[] sections;

  private IndexFile(int[] header, MemorySegment[] sections) {
    this.header = header;
    this.sections = sections;
  }

  /**
   * Parses {@code data}, checking the magic, the version and that every section lies inside.
   *
   * @param typeName the index type, for error messages
   * @throws IOException when the bytes are not such a file
   */
  public static IndexFile open(MemorySegment data, int expectedMagic, String typeName, int minHeader, int minSections) throws IOException {
    if (data.byteSize() < 16) {
      throw new IOException("not a " + typeName + " index file: " + data.byteSize() + " bytes");
    }
    int magic = data.get(IndexFileWriter.INT_LE, 0);
    if (magic != expectedMagic) {
      throw new IOException("not a " + typeName + " index file (bad magic 0x" + Integer.toHexString(magic) + ")");
    }
    int version = data.get(IndexFileWriter.INT_LE, 4);
    if (version != IndexFileWriter.VERSION) {
      throw new IOException("unsupported " + typeName + " index format version " + version + " (this build reads " + IndexFileWriter.VERSION + ")");
    }
    int headerCount = data.get(IndexFileWriter.INT_LE, 8);
    int sectionCount = data.get(IndexFileWriter.INT_LE, 12);
    if (headerCount < minHeader || sectionCount < minSections || headerCount > 4096 || sectionCount > 4096
        || 16L + 4L * headerCount + 16L * sectionCount > data.byteSize()) {
      throw new IOException("corrupt " + typeName + " index file: header of " + headerCount + " values and " + sectionCount + " sections");
    }
    int[] header = new int[headerCount];
    for (int i = 0; i < headerCount; i++) {
      header[i] = data.get(IndexFileWriter.INT_LE, 16 + 4L * i);
    }
    long table = 16L + 4L * headerCount;
    MemorySegment[] sections = new MemorySegment[sectionCount];
    for (int i = 0; i < sectionCount; i++) {
      long offset = data.get(IndexFileWriter.LONG_LE, table + 16L * i);
      long length = data.get(IndexFileWriter.LONG_LE, table + 16L * i + 8);
      if (offset < 0 || length < 0 || offset > data.byteSize() - length) {
        throw new IOException("corrupt " + typeName + " index file: section " + i + " out of bounds");
      }
      sections[i] = data.asSlice(offset, length);
    }
    return new IndexFile(header, sections);
  }

  public int header(int i) {
    return header[i];
  }

  public MemorySegment section(int i) {
    return sections[i];
  }

  /** Throws unless section {@code i} has exactly {@code expected} bytes. */
  public MemorySegment section(int i, long expected, String typeName) throws IOException {
    MemorySegment s = sections[i];
    if (s.byteSize() != expected) {
      throw new IOException("corrupt " + typeName + " index file: section " + i + " has " + s.byteSize() + " bytes, expected " + expected);
    }
    return s;
  }
}
