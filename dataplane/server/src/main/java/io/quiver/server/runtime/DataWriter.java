package io.quiver.server.runtime;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.collection.CollectionInfo;
import io.quiver.engine.collection.PartitionInfo;
import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.query.Hit;
import io.quiver.engine.query.QueryExecutor;
import io.quiver.engine.query.QuerySpec;
import io.quiver.engine.query.RowFilter;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.ColumnValidator;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import io.quiver.engine.segment.ColumnDataFactory;
import io.quiver.engine.segment.Shard;
import io.quiver.engine.segment.WriteBatch;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The write path: validates rows against the schema, generates auto IDs, routes rows to shards
 * and partitions, logs each shard's batch durably and applies it in log order, and only then
 * acknowledges.
 *
 * <p>Thread safe: concurrent writers to one shard are ordered by the shard's lock, which also
 * orders timestamps, so per shard log order = timestamp order = apply order.
 */
public final class DataWriter {

  private final DataPlane plane;

  DataWriter(DataPlane plane) {
    this.plane = plane;
  }

  /** The outcome of a write: the primary keys in input order and the counts. */
  public record WriteResult(List<Object> primaryKeys, long inserted, long deleted, long timestamp) {}

  /**
   * Inserts (or, with {@code upsert}, upserts) {@code rows} rows given as columns by field id.
   * Missing nullable or defaulted fields are filled; the dynamic column defaults to {@code {}}.
   */
  public WriteResult insert(Collection collection, String partitionName, Map<Long, ColumnData> columns, int rows,
      boolean upsert, long schemaTimestamp) {
    CollectionInfo info = collection.info();
    if (schemaTimestamp != 0 && schemaTimestamp < info.schemaTimestamp()) {
      throw new QuiverException(ErrorCode.SCHEMA_MISMATCH, "collection " + info.name()
          + " schema changed since the client described it; describe it again");
    }
    if (rows <= 0) {
      throw QuiverException.invalid("the number of rows must be greater than 0");
    }
    CollectionSchema schema = info.schema();
    FieldSchema pkField = schema.primaryField();
    Map<Long, ColumnData> full = new HashMap<>(columns);
    List<Object> deletes = List.of();
    ColumnData givenPks = columns.get(pkField.id());
    if (pkField.autoId()) {
      boolean allowInsertAutoId = "true".equalsIgnoreCase(info.properties().get("allow_insert_auto_id"));
      if (upsert) {
        if (givenPks == null) {
          throw QuiverException.missing("upsert needs the primary key field %s to find the rows to replace", pkField.name());
        }
        deletes = distinct(givenPks);
        full.put(pkField.id(), generateKeys(pkField, rows));
      } else if (givenPks != null && !allowInsertAutoId) {
        throw QuiverException.invalid("the primary key field %s is auto-generated (autoID); do not provide it on insert",
            pkField.name());
      } else if (givenPks == null) {
        full.put(pkField.id(), generateKeys(pkField, rows));
      }
    } else if (givenPks == null) {
      throw QuiverException.missing("primary key field %s is missing from the %s", pkField.name(), upsert ? "upsert" : "insert");
    }
    for (FieldSchema f : schema.fields()) {
      ColumnData data = full.get(f.id());
      if (data == null) {
        if (f.dynamic()) {
          full.put(f.id(), emptyObjects(f, rows));
        } else if (f.nullable() || f.hasDefault()) {
          full.put(f.id(), ColumnDataFactory.constant(f, rows));
        } else {
          throw QuiverException.missing("field %s is missing: it is not nullable and has no default value", f.name());
        }
      } else {
        if (data.rows() != rows) {
          throw QuiverException.invalid("field %s has %d rows, but the request has %d", f.name(), data.rows(), rows);
        }
        if (data.valid() != null && !f.nullable() && !f.hasDefault() && !f.dynamic()) {
          for (boolean v : data.valid()) {
            if (!v) {
              throw QuiverException.invalid("field %s is not nullable, but the request holds null values", f.name());
            }
          }
        }
        if (data.valid() != null && f.hasDefault()) {
          data = withDefaults(data);
          full.put(f.id(), data);
        }
      }
      ColumnValidator.validate(full.get(f.id()), schema);
    }
    for (Long id : full.keySet()) {
      if (schema.fieldById(id) == null) {
        throw QuiverException.invalid("field id %d does not exist in collection %s", id, info.name());
      }
    }
    long[] partitionOfRow = routePartitions(collection, partitionName, full, rows);
    ColumnData pks = full.get(pkField.id());
    List<Object> keys = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      keys.add(pks.get(i));
    }
    long ts = write(collection, full, rows, partitionOfRow, keys, deletes);
    return new WriteResult(keys, rows, 0, ts);
  }

  /**
   * A delete whose filter is not a list of primary keys reads the rows, which needs their data in
   * memory: as in Milvus, the collection (its partitions) must be loaded.
   */
  private void checkReadable(Collection collection, Set<Long> partitions, String filter) {
    try {
      plane.durability().ensureLoaded(collection);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      throw new QuiverException(io.quiver.engine.error.ErrorCode.STORAGE_UNAVAILABLE, "collection "
          + collection.info().name() + " could not be loaded: its segments could not be read (" + e.getMessage() + ")", e);
    }
    for (io.quiver.engine.segment.Segment seg : collection.segments()) {
      if (partitions.contains(seg.partitionId()) && !seg.isResident()) {
        throw new QuiverException(io.quiver.engine.error.ErrorCode.COLLECTION_NOT_LOADED, "collection not loaded[collection="
            + collection.info().name() + "]: a delete with filter '" + filter + "' reads the rows, so the collection must be "
            + "loaded; a filter listing primary keys (id in [...]) works while released");
      }
    }
  }

  /** Deletes the rows matching {@code filter} (in one partition if given); returns the count. */
  public WriteResult delete(Collection collection, String partitionName, String filter, Map<String, Object> templates) {
    if (filter == null || filter.isBlank()) {
      throw QuiverException.invalid("delete needs a filter expression (expr)");
    }
    CollectionInfo info = collection.info();
    RowFilter compiled = plane.filters().compile(filter, info.schema(), templates);
    List<Object> pks;
    if (compiled.primaryKeyTerms().isPresent() && (partitionName == null || partitionName.isEmpty())) {
      pks = List.copyOf(new LinkedHashSet<>(compiled.primaryKeyTerms().get()));
    } else {
      Set<Long> partitions = new HashSet<>();
      if (partitionName == null || partitionName.isEmpty()) {
        for (PartitionInfo p : info.partitions()) {
          partitions.add(p.id());
        }
      } else {
        partitions.add(plane.partition(collection, partitionName).id());
      }
      checkReadable(collection, partitions, filter);
      List<Hit> hits = QueryExecutor.query(collection, new QuerySpec(compiled, partitions, -1, 0, false));
      pks = new ArrayList<>(hits.size());
      for (Hit h : hits) {
        pks.add(h.primaryKey());
      }
    }
    if (pks.isEmpty()) {
      return new WriteResult(List.of(), 0, 0, plane.tso().current());
    }
    Map<Integer, List<Object>> byShard = new LinkedHashMap<>();
    for (Object pk : pks) {
      byShard.computeIfAbsent(collection.shardOf(pk), s -> new ArrayList<>()).add(pk);
    }
    List<CompletableFuture<Shard.ApplyResult>> futures = new ArrayList<>();
    long maxTs = 0;
    for (Map.Entry<Integer, List<Object>> e : byShard.entrySet()) {
      Shard shard = collection.shards()[e.getKey()];
      shard.lock().lock();
      try {
        long ts = plane.tso().next();
        maxTs = Math.max(maxTs, ts);
        futures.add(logAndApply(collection, shard, new WriteBatch(shard.index(), 0, ts, e.getValue(), Map.of(), 0)));
      } finally {
        shard.lock().unlock();
      }
    }
    long deleted = 0;
    for (CompletableFuture<Shard.ApplyResult> f : futures) {
      deleted += await(f).deleted();
    }
    return new WriteResult(pks, 0, deleted, maxTs);
  }

  private static List<Object> distinct(ColumnData pks) {
    LinkedHashSet<Object> set = new LinkedHashSet<>();
    for (int i = 0; i < pks.rows(); i++) {
      set.add(pks.get(i));
    }
    return List.copyOf(set);
  }

  private ColumnData generateKeys(FieldSchema pkField, int rows) {
    long first = plane.tso().allocate(rows);
    if (pkField.type() == DataType.INT64) {
      long[] ids = new long[rows];
      for (int i = 0; i < rows; i++) {
        ids[i] = first + i;
      }
      return new ColumnData(pkField, rows, ids, null);
    }
    String[] ids = new String[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = Long.toString(first + i);
    }
    return new ColumnData(pkField, rows, ids, null);
  }

  private static ColumnData emptyObjects(FieldSchema dynamic, int rows) {
    com.fasterxml.jackson.databind.JsonNode[] values = new com.fasterxml.jackson.databind.JsonNode[rows];
    com.fasterxml.jackson.databind.node.ObjectNode empty = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    java.util.Arrays.fill(values, empty);
    return new ColumnData(dynamic, rows, values, null);
  }

  /** Replaces null cells of a column whose field has a default value with that value. */
  static ColumnData withDefaults(ColumnData data) {
    ColumnData defaults = ColumnDataFactory.constant(data.field(), data.rows());
    Object values = data.values();
    Object out = cloneArray(values);
    for (int i = 0; i < data.rows(); i++) {
      if (data.isNull(i)) {
        Array.set(out, i, Array.get(defaults.values(), i));
      }
    }
    return new ColumnData(data.field(), data.rows(), out, null);
  }

  private static Object cloneArray(Object array) {
    int n = Array.getLength(array);
    Object copy = Array.newInstance(array.getClass().getComponentType(), n);
    System.arraycopy(array, 0, copy, 0, n);
    return copy;
  }

  /** The partition id of every row. */
  private long[] routePartitions(Collection collection, String partitionName, Map<Long, ColumnData> columns, int rows) {
    CollectionInfo info = collection.info();
    FieldSchema partitionKey = info.schema().partitionKeyField();
    long[] out = new long[rows];
    if (partitionKey != null) {
      if (partitionName != null && !partitionName.isEmpty()) {
        throw QuiverException.invalid("not support manually specifying the partition names if partition key mode is used");
      }
      ColumnData keys = columns.get(partitionKey.id());
      List<PartitionInfo> partitions = info.partitions();
      for (int i = 0; i < rows; i++) {
        out[i] = partitions.get(Collection.partitionKeyBucket(keys.get(i), partitions.size())).id();
      }
      return out;
    }
    String name = partitionName == null || partitionName.isEmpty() ? PartitionInfo.DEFAULT_NAME : partitionName;
    long id = plane.partition(collection, name).id();
    java.util.Arrays.fill(out, id);
    return out;
  }

  /**
   * Splits the rows by (shard, partition), logs and applies each part, waits for all, and returns
   * the largest timestamp used.
   */
  private long write(Collection collection, Map<Long, ColumnData> columns, int rows, long[] partitionOfRow,
      List<Object> keys, List<Object> deletes) {
    Shard[] shards = collection.shards();
    // Group row numbers by (shard, partition), keeping input order inside each group.
    Map<Long, Map<Integer, List<Integer>>> groups = new LinkedHashMap<>();
    boolean single = shards.length == 1;
    long firstPartition = partitionOfRow[0];
    for (int i = 0; i < rows && single; i++) {
      single = partitionOfRow[i] == firstPartition;
    }
    Map<Integer, List<Object>> deletesByShard = new LinkedHashMap<>();
    for (Object pk : deletes) {
      deletesByShard.computeIfAbsent(collection.shardOf(pk), s -> new ArrayList<>()).add(pk);
    }
    List<CompletableFuture<Shard.ApplyResult>> futures = new ArrayList<>();
    long maxTs = 0;
    if (single) {
      Shard shard = shards[0];
      shard.lock().lock();
      try {
        long ts = plane.tso().next();
        maxTs = ts;
        futures.add(logAndApply(collection, shard,
            new WriteBatch(0, firstPartition, ts, deletesByShard.getOrDefault(0, List.of()), columns, rows)));
      } finally {
        shard.lock().unlock();
      }
    } else {
      for (int i = 0; i < rows; i++) {
        int s = collection.shardOf(keys.get(i));
        groups.computeIfAbsent(partitionOfRow[i], p -> new LinkedHashMap<>()).computeIfAbsent(s, x -> new ArrayList<>()).add(i);
      }
      Set<Integer> shardsWithDeletes = new HashSet<>(deletesByShard.keySet());
      for (Map.Entry<Long, Map<Integer, List<Integer>>> pe : groups.entrySet()) {
        for (Map.Entry<Integer, List<Integer>> se : pe.getValue().entrySet()) {
          Shard shard = shards[se.getKey()];
          List<Object> shardDeletes = shardsWithDeletes.remove(se.getKey()) ? deletesByShard.get(se.getKey()) : List.of();
          Map<Long, ColumnData> part = gather(columns, se.getValue());
          shard.lock().lock();
          try {
            long ts = plane.tso().next();
            maxTs = Math.max(maxTs, ts);
            futures.add(logAndApply(collection, shard,
                new WriteBatch(shard.index(), pe.getKey(), ts, shardDeletes, part, se.getValue().size())));
          } finally {
            shard.lock().unlock();
          }
        }
      }
      for (Integer s : shardsWithDeletes) {
        Shard shard = shards[s];
        shard.lock().lock();
        try {
          long ts = plane.tso().next();
          maxTs = Math.max(maxTs, ts);
          futures.add(logAndApply(collection, shard, new WriteBatch(s, 0, ts, deletesByShard.get(s), Map.of(), 0)));
        } finally {
          shard.lock().unlock();
        }
      }
    }
    for (CompletableFuture<Shard.ApplyResult> f : futures) {
      await(f);
    }
    return maxTs;
  }

  /**
   * Appends the batch to the shard's log and chains its application. Must be called with the
   * shard's lock held, so that log order equals timestamp order; the application runs on the
   * log's completion thread in log order (or here, if the log completed already).
   */
  private CompletableFuture<Shard.ApplyResult> logAndApply(Collection collection, Shard shard, WriteBatch batch) {
    plane.durability().checkWritable();
    plane.durability().checkDataAccess(collection);
    WriteLog log;
    try {
      log = plane.durability().log(collection.id(), shard.index());
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "the write-ahead log of collection "
          + collection.info().name() + " is unavailable: " + e.getMessage(), e);
    }
    return log.append(batch).thenApply(lsn -> {
      shard.lock().lock();
      try {
        Shard.ApplyResult result = shard.apply(batch);
        log.applied(lsn);
        return result;
      } finally {
        shard.lock().unlock();
      }
    });
  }

  private static Shard.ApplyResult await(CompletableFuture<Shard.ApplyResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuiverException(ErrorCode.NOT_READY, "interrupted while waiting for the write to become durable");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof QuiverException q) {
        throw q;
      }
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "the write could not be made durable: " + cause, cause);
    }
  }

  /** The rows {@code rowsToTake} of every column, in that order. */
  static Map<Long, ColumnData> gather(Map<Long, ColumnData> columns, List<Integer> rowsToTake) {
    Map<Long, ColumnData> out = new HashMap<>();
    int n = rowsToTake.size();
    for (Map.Entry<Long, ColumnData> e : columns.entrySet()) {
      ColumnData src = e.getValue();
      FieldSchema f = src.field();
      boolean[] valid = src.valid() == null ? null : new boolean[n];
      Object values;
      if (f.type() == DataType.FLOAT_VECTOR) {
        int dim = f.dim();
        float[] from = (float[]) src.values();
        float[] to = new float[n * dim];
        for (int i = 0; i < n; i++) {
          System.arraycopy(from, rowsToTake.get(i) * dim, to, i * dim, dim);
        }
        values = to;
      } else {
        values = Array.newInstance(src.values().getClass().getComponentType(), n);
        for (int i = 0; i < n; i++) {
          Array.set(values, i, Array.get(src.values(), rowsToTake.get(i)));
        }
      }
      if (valid != null) {
        for (int i = 0; i < n; i++) {
          valid[i] = src.valid()[rowsToTake.get(i)];
        }
      }
      out.put(e.getKey(), new ColumnData(f, n, values, valid));
    }
    return out;
  }
}
