package io.quiver.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Turns records into the bytes the log stores and back, e.g. to encrypt each record with a data
 * key (BYOK). The framing does not change: the frame CRC covers the stored (encoded) bytes, so
 * damage is detected without decoding.
 *
 * <p>Each log file records the {@link #id()} of the transformer that encoded it. A log opened
 * with a transformer reads files with that id (decoding them) and files stored as appended (id
 * 0, e.g. written before encryption was turned on); a file with any other id makes replay fail.
 *
 * <p>Thread safety: {@link #encode} is called concurrently by the appending threads, before the
 * record has an LSN; {@link #decode} by the replaying thread. Implementations must be
 * thread-safe.
 */
public interface RecordTransformer {

  /** Stores records as appended; id 0. Zero-copy. */
  RecordTransformer IDENTITY =
      new RecordTransformer() {
        @Override
        public int id() {
          return WalFormat.IDENTITY_ENCODING;
        }

        @Override
        public ByteBuffer encode(byte[] record) {
          return ByteBuffer.wrap(record);
        }

        @Override
        public ByteBuffer decode(ByteBuffer stored) {
          return stored;
        }

        @Override
        public String toString() {
          return "identity";
        }
      };

  /**
   * Identifies the encoding in file headers; stable across releases. 0 is reserved for {@link
   * #IDENTITY}.
   */
  int id();

  /**
   * The bytes to store for {@code record}, from the buffer's position to its limit. Ownership:
   * the log reads the result until the record is durable and never changes it; the transformer
   * must not change it either. A direct buffer is written without a copy. Exceptions fail the
   * append.
   */
  ByteBuffer encode(byte[] record);

  /**
   * The record for {@code stored} (a read-only buffer valid only during the call); the result
   * is handed to the {@link RecordConsumer} and needs to stay valid only until it returns.
   *
   * @throws IOException if the record cannot be decoded (e.g. its key was revoked)
   */
  ByteBuffer decode(ByteBuffer stored) throws IOException;
}
