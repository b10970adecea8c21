package io.quiver.storage.wal;

import java.nio.file.Path;

/**
 * One file of a log as the log tracks it. {@link #size} is guarded by the owning log's state
 * lock: for a sealed file its length, for the active file the end of its durable batches.
 */
final class LogFile {

  final Path path;
  final long firstLsn;
  long size;

  LogFile(Path path, long firstLsn, long size) {
    this.path = path;
    this.firstLsn = firstLsn;
    this.size = size;
  }

  @Override
  public String toString() {
    return path.getFileName() + "(" + size + " bytes)";
  }
}
