package io.quiver.engine.segment;

import java.util.List;
import java.util.Map;

/**
 * One shard's share of a client write, as the write-ahead log stores it and as it is applied:
 * first the {@code deletes} (primary keys, Long or String), then the {@code rows}. Inserting a
 * row whose primary key is live replaces the older row, so an upsert is one batch.
 *
 * @param shard target shard
 * @param partitionId partition of the inserted rows (unused when {@code rows == 0})
 * @param timestamp hybrid timestamp of the write; every row and delete carries it
 * @param deletes primary keys to delete, in any partition of the shard
 * @param columns inserted values by field id (dense, one entry per row), including the primary key
 * @param rows number of inserted rows
 */
public record WriteBatch(
    int shard, long partitionId, long timestamp, List<Object> deletes, Map<Long, ColumnData> columns, int rows) {

  public WriteBatch {
    deletes = deletes == null ? List.of() : deletes;
    columns = columns == null ? Map.of() : columns;
  }

  public boolean isEmpty() {
    return rows == 0 && deletes.isEmpty();
  }
}
