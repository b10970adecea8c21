package io.quiver.storage.wal;

import java.io.IOException;

/**
 * An append failed because the log hit an I/O error (e.g. the disk is full) now or earlier. The
 * cause is the original error. The log accepts no more appends until it is closed and opened
 * again, which recovers it to its durable records.
 */
public final class WalFailedException extends IOException {

  private static final long serialVersionUID = 1L;

  public WalFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
