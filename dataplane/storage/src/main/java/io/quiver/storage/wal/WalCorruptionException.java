package io.quiver.storage.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A log file holds damaged bytes where records that may have been acknowledged are expected. The
 * log never drops such records silently: the damage needs an operator (restore the shard from
 * its replicas or object store, or move the file away knowingly).
 */
public final class WalCorruptionException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  public WalCorruptionException(Path file, long offset, String reason) {
    super("corrupt write-ahead log file " + file + " at byte offset " + offset + ": " + reason);
    this.file = file;
    this.offset = offset;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** Byte offset of the damage in {@link #file()}. */
  public long offset() {
    return offset;
  }
}
