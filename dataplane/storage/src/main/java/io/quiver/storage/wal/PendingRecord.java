package io.quiver.storage.wal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * An appended record waiting for its group commit.
 *
 * @param stored the bytes to store, from position to limit; never changed, read through
 *     duplicates
 * @param crc the frame CRC of {@code stored} ({@link WalFormat#recordCrc})
 */
record PendingRecord(long lsn, ByteBuffer stored, int crc, CompletableFuture<Long> future) {

  int storedLength() {
    return stored.remaining();
  }

  /** The bytes this record's frame takes in a batch body. */
  long frameBytes() {
    return WalFormat.FRAME_HEADER_BYTES + (long) stored.remaining();
  }
}
