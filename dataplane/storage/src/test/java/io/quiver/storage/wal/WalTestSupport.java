package io.quiver.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/** Records with content derived from a key, and replay into a list. */
final class WalTestSupport {

  private WalTestSupport() {}

  /** A replayed record. */
  record Entry(long lsn, byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Entry(long otherLsn, byte[] otherBytes)
          && lsn == otherLsn
          && Arrays.equals(bytes, otherBytes);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(lsn) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Entry[lsn=" + lsn + ", " + bytes.length + " bytes]";
    }
  }

  /** {@code size} pseudo-random bytes determined by {@code key}. */
  static byte[] record(long key, int size) {
    byte[] bytes = new byte[size];
    SplittableRandom random = new SplittableRandom(key * 0x9E3779B97F4A7C15L + size);
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  static int crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }

  static List<Entry> replayAll(WriteAheadLog log) throws IOException {
    return replayFrom(log, 0);
  }

  static List<Entry> replayFrom(WriteAheadLog log, long fromLsn) throws IOException {
    List<Entry> entries = new ArrayList<>();
    log.replay(fromLsn, (lsn, record) -> entries.add(new Entry(lsn, bytes(record))));
    return entries;
  }

  static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  static Path walFile(Path dir, long firstLsn) {
    return dir.resolve(WalFormat.fileName(firstLsn));
  }

  /** The bytes a single-record batch of a record of {@code size} bytes takes. */
  static long singleRecordBatchBytes(int size) {
    return WalFormat.BATCH_HEADER_BYTES + WalFormat.FRAME_HEADER_BYTES + size;
  }
}
