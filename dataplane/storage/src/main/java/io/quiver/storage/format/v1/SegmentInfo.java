package io.quiver.storage.format.v1;

/**
 * Identity and size of one sealed segment, as recorded in its {@link SegmentFile}.
 *
 * @param segmentId segment id, unique in the collection
 * @param partitionId partition the rows belong to
 * @param shard shard the rows belong to
 * @param rows number of rows, {@code >= 0}
 */
public record SegmentInfo(long segmentId, long partitionId, int shard, int rows) {

  public SegmentInfo {
    if (rows < 0) {
      throw new IllegalArgumentException("negative row count " + rows);
    }
  }
}
