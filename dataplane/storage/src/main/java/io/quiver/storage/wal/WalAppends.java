package io.quiver.storage.wal;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * What every {@link WriteAheadLog} does around an append, whatever it stores to: checking and
 * encoding the record before it gets an LSN, and turning a future into {@link
 * WriteAheadLog#appendAndSync}'s result.
 *
 * <p>Thread safety: stateless.
 */
final class WalAppends {

  private WalAppends() {}

  /**
   * A record ready to queue: its stored bytes and frame CRC ({@link WalFormat#recordCrc}), or
   * the failure its append fails with.
   */
  record Encoded(ByteBuffer stored, int crc, CompletableFuture<Long> failed) {}

  /**
   * Checks {@code record} against {@code maxRecordBytes} ({@link ErrorCode#LIMIT_EXCEEDED}) and
   * encodes it with {@code transformer}, whose result must not exceed {@code maxStoredBytes}.
   * Every failure becomes a failed future.
   */
  static Encoded encode(byte[] record, int maxRecordBytes, RecordTransformer transformer, long maxStoredBytes) {
    if (record.length > maxRecordBytes) {
      return failed(new QuiverException(ErrorCode.LIMIT_EXCEEDED, "write-ahead log record of " + record.length
          + " bytes exceeds the limit of " + maxRecordBytes + " bytes (maxRecordBytes)"));
    }
    try {
      ByteBuffer stored = transformer.encode(record);
      if (stored.remaining() > maxStoredBytes) {
        throw new IllegalStateException("record transformer " + transformer + " produced " + stored.remaining()
            + " bytes, more than the " + maxStoredBytes + " a record may take");
      }
      return new Encoded(stored, WalFormat.recordCrc(stored), null);
    } catch (RuntimeException e) {
      return failed(e);
    }
  }

  private static Encoded failed(Throwable failure) {
    return new Encoded(null, 0, CompletableFuture.failedFuture(failure));
  }

  /**
   * Waits for an append's future, as {@link WriteAheadLog#appendAndSync} documents: the LSN, or
   * the failure rethrown on this thread (an I/O failure as {@link WalFailedException}, a takeover
   * as {@link WalFencedException}).
   */
  static long await(CompletableFuture<Long> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException(
          "interrupted while waiting for a WAL append to become durable; the record may still become durable");
      interrupted.initCause(e);
      throw interrupted;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      switch (cause) {
        case WalFencedException fenced -> throw new WalFencedException(fenced.getMessage(), fenced);
        case IOException io -> throw new WalFailedException(io.getMessage(), io);
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw new IOException(cause);
      }
    }
  }
}
