package io.quiver.server.runtime;

/**
 * Tuning of the data-plane runtime.
 *
 * @param maxSegmentRows rows at which a growing segment is sealed and indexed
 * @param indexBuildThreads threads that build indexes in the background
 * @param maxTopK largest limit (topk) a search may ask for; Milvus's is 16384
 * @param maxQueryResultRows largest number of rows one query may return without a limit
 * @param compactionDeleteRatio share of deleted rows at which a segment is rewritten automatically
 * @param compactionIntervalMillis how often automatic compaction looks for work (0: never)
 */
public record DataPlaneConfig(int maxSegmentRows, int indexBuildThreads, int maxTopK, int maxQueryResultRows,
    double compactionDeleteRatio, long compactionIntervalMillis) {

  public static DataPlaneConfig defaults() {
    return new DataPlaneConfig(65_536, Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 16_384, 1_000_000, 0.2,
        60_000);
  }

  public DataPlaneConfig withMaxSegmentRows(int rows) {
    return new DataPlaneConfig(rows, indexBuildThreads, maxTopK, maxQueryResultRows, compactionDeleteRatio,
        compactionIntervalMillis);
  }
}
