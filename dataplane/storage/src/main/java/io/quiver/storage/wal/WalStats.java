package io.quiver.storage.wal;

/**
 * Counters of a log since it was opened.
 *
 * @param records records made durable
 * @param recordBytes stored bytes of those records (after the transformer, without framing)
 * @param batches group commits: writes of one or more records followed by at most one sync
 * @param syncs forces of a log file ({@code FileChannel.force}) for group commits; 0 when
 *     {@link WalOptions#fsync()} is off
 */
public record WalStats(long records, long recordBytes, long batches, long syncs) {

  /** Records per group commit, 0 before the first. */
  public double averageBatchRecords() {
    return batches == 0 ? 0 : (double) records / batches;
  }
}
