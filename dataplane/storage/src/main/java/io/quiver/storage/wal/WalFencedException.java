package io.quiver.storage.wal;

import java.io.IOException;

/**
 * A write-ahead log in the object store was taken over: a writer opened it with a higher epoch
 * ({@link ObjectWriteAheadLog}). This log can never append again, whatever is retried; the shard
 * belongs to the new writer, and callers should send their writes there (to their own clients
 * the failure is retryable: the write succeeds once routed to the new leader). Also thrown by
 * {@link ObjectWriteAheadLog#open} when the epoch it was given is not higher than every epoch
 * the log has seen.
 */
public final class WalFencedException extends IOException {

  private static final long serialVersionUID = 1L;

  public WalFencedException(String message) {
    super(message);
  }

  public WalFencedException(String message, Throwable cause) {
    super(message, cause);
  }
}
