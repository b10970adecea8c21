package io.quiver.engine.segment;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.util.FixedBitSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A segment: the rows of one partition of one shard, column by column, with a write timestamp
 * per row and a delete timestamp per deleted row.
 *
 * <p>A segment is <em>growing</em> while it accepts appends and <em>sealed</em> once frozen; a
 * sealed segment may carry vector indexes. Rows are identified by their position.
 *
 * <p>Concurrency: one writer at a time (the owning shard holds its write lock while calling
 * {@link #append} and {@link #markDeleted}); readers never lock. The row count is published
 * with a volatile write after the row data, so a reader that reads {@link #rowCount()} first
 * sees every row below it. Visibility at a snapshot timestamp is decided per row with
 * {@link #visible(int, long)}: a row is visible when it was written at or before the snapshot
 * and not deleted at or before it.
 */
public final class Segment implements SegmentView {

  public enum State {
    GROWING,
    SEALED
  }

  private final long id;
  private final long partitionId;
  private final int shard;
  private volatile CollectionSchema schema;
  private final Map<Long, AppendColumn> columns = new ConcurrentHashMap<>();
  private final long pkFieldId;
  private volatile long[] timestamps;
  private volatile long[] deleteTimestamps;
  private volatile int rowCount;
  private volatile int deletedCount;
  private volatile long maxTimestamp;
  private volatile long minTimestamp = Long.MAX_VALUE;
  private volatile State state = State.GROWING;
  /** Range of the clustering / partition key, when known (sealed segments); null otherwise. */
  private volatile KeyStats keyStats;
  private final Map<Long, VectorIndex> indexes = new ConcurrentHashMap<>();
  /** Columns of a sealed segment that live outside the heap (memory-mapped vectors), by field id. */
  private final Map<Long, ColumnReader> external = new ConcurrentHashMap<>();
  private final java.util.List<AutoCloseable> resources = new java.util.concurrent.CopyOnWriteArrayList<>();
  /**
   * False once the segment is released ({@link #release}): only its primary keys, write and delete
   * timestamps stay in memory (so deletes and upserts keep working exactly); every other column,
   * index and memory mapping is gone until {@link #restoreData} brings them back.
   */
  private volatile boolean resident = true;
  /** Vector fields with an index stored for this released segment (counted as indexed). */
  private final java.util.Set<Long> storedIndexes = ConcurrentHashMap.newKeySet();

  public Segment(long id, long partitionId, int shard, CollectionSchema schema, int initialCapacity) {
    this(id, partitionId, shard, schema, initialCapacity, Map.of(), false);
  }

  private Segment(long id, long partitionId, int shard, CollectionSchema schema, int initialCapacity,
      Map<Long, ColumnReader> externalColumns, boolean keysOnly) {
    this.id = id;
    this.partitionId = partitionId;
    this.shard = shard;
    this.schema = schema;
    this.pkFieldId = schema.primaryField().id();
    for (FieldSchema f : schema.fields()) {
      if (!externalColumns.containsKey(f.id()) && (!keysOnly || f.id() == pkFieldId)) {
        columns.put(f.id(), AppendColumn.create(f, initialCapacity));
      }
    }
    external.putAll(externalColumns);
    this.timestamps = new long[Math.max(16, initialCapacity)];
  }

  /**
   * Rebuilds a sealed segment from stored columns: {@code columns} holds every field of
   * {@code schema} that existed when the segment was written (others read as null or default),
   * {@code timestamps} the write timestamp of each row and {@code deleteTimestamps} (or null) the
   * delete timestamp of each row, 0 for live rows.
   */
  public static Segment restore(long id, long partitionId, int shard, CollectionSchema schema, Map<Long, ColumnData> columns,
      int rows, long[] timestamps, long[] deleteTimestamps) {
    return restore(id, partitionId, shard, schema, columns, Map.of(), rows, timestamps, deleteTimestamps);
  }

  /**
   * Like {@link #restore(long, long, int, CollectionSchema, Map, int, long[], long[])}, with some
   * columns served from outside the heap ({@code externalColumns}, e.g. memory-mapped vectors):
   * those fields get no heap column at all.
   */
  public static Segment restore(long id, long partitionId, int shard, CollectionSchema schema, Map<Long, ColumnData> columns,
      Map<Long, ColumnReader> externalColumns, int rows, long[] timestamps, long[] deleteTimestamps) {
    Segment seg = new Segment(id, partitionId, shard, schema, Math.max(rows, 1), externalColumns, false);
    fill(seg, columns, rows, timestamps, deleteTimestamps);
    return seg;
  }

  /**
   * Rebuilds a sealed segment in the released state ({@link #isResident()} false): only the
   * primary keys ({@code columns} needs only the primary-key column), write and delete timestamps
   * are kept; {@link #restoreData} makes it whole.
   *
   * @param storedIndexes vector fields whose index is stored for it (reported as indexed)
   */
  public static Segment restoreReleased(long id, long partitionId, int shard, CollectionSchema schema,
      Map<Long, ColumnData> columns, int rows, long[] timestamps, long[] deleteTimestamps, java.util.Set<Long> storedIndexes) {
    Segment seg = new Segment(id, partitionId, shard, schema, Math.max(rows, 1), Map.of(), true);
    seg.resident = false;
    seg.storedIndexes.addAll(storedIndexes);
    fill(seg, columns, rows, timestamps, deleteTimestamps);
    return seg;
  }

  private static void fill(Segment seg, Map<Long, ColumnData> columns, int rows, long[] timestamps, long[] deleteTimestamps) {
    int start = 0;
    while (start < rows) {
      int end = start;
      while (end < rows && timestamps[end] == timestamps[start]) {
        end++;
      }
      seg.append(columns, start, end - start, timestamps[start]);
      start = end;
    }
    if (deleteTimestamps != null) {
      for (int row = 0; row < rows; row++) {
        if (deleteTimestamps[row] != 0) {
          seg.markDeleted(row, deleteTimestamps[row]);
        }
      }
    }
    seg.seal();
  }

  /** Whether the segment's columns and indexes are in memory (false after {@link #release}). */
  public boolean isResident() {
    return resident;
  }

  /**
   * Releases a sealed segment's memory: every column but the primary keys, its indexes and its
   * memory mappings (closing their arenas). Write and delete timestamps stay, so deletes and
   * replacing inserts keep being applied exactly. Readers must not read it until
   * {@link #restoreData}; a reader still running on it fails rather than reading freed memory.
   *
   * @param storedIndexes vector fields whose index is stored and comes back with the data
   */
  public synchronized void release(java.util.Set<Long> storedIndexes) {
    if (state != State.SEALED) {
      throw new IllegalStateException("segment " + id + " is growing; only sealed segments can be released");
    }
    if (!resident) {
      return;
    }
    resident = false;
    this.storedIndexes.clear();
    this.storedIndexes.addAll(storedIndexes);
    columns.keySet().removeIf(fieldId -> fieldId != pkFieldId);
    external.clear();
    closeIndexesAndResources();
  }

  /**
   * Makes a released segment whole again from its stored data: heap columns {@code data} (fields
   * missing there read as null or default) and columns served from outside the heap {@code
   * externals} (memory-mapped vectors); {@code resource} (may be null) closes with the segment.
   * The rows, timestamps and deletes are the ones kept in memory.
   */
  public synchronized void restoreData(Map<Long, ColumnData> data, Map<Long, ColumnReader> externals, AutoCloseable resource) {
    if (resident) {
      throw new IllegalStateException("segment " + id + " is resident");
    }
    int rows = rowCount;
    for (FieldSchema f : schema.fields()) {
      if (f.id() == pkFieldId || externals.containsKey(f.id())) {
        continue;
      }
      ColumnData d = data.get(f.id());
      if (d != null && d.rows() < rows) {
        throw new IllegalArgumentException("stored column of field " + f.name() + " of segment " + id + " holds " + d.rows()
            + " rows, expected " + rows);
      }
      AppendColumn column = AppendColumn.create(f, Math.max(rows, 1));
      column.append(d != null ? d : ColumnDataFactory.constant(f, rows), 0, rows);
      columns.put(f.id(), column);
    }
    external.putAll(externals);
    if (resource != null) {
      resources.add(resource);
    }
    storedIndexes.clear();
    resident = true;
  }

  /** Vector fields whose stored index a released segment gets back with its data. */
  public java.util.Set<Long> storedIndexes() {
    return java.util.Set.copyOf(storedIndexes);
  }

  /** Whether vector field {@code fieldId} is indexed: an index in memory, or one stored for a released segment. */
  public boolean hasIndex(long fieldId) {
    return indexes.containsKey(fieldId) || (!resident && storedIndexes.contains(fieldId));
  }

  /** Copies of rows {@code [0, rows)} of every column, by field id, for writing to storage. */
  public Map<Long, ColumnData> snapshotColumns(int rows) {
    Map<Long, ColumnData> out = new HashMap<>();
    for (Map.Entry<Long, AppendColumn> e : columns.entrySet()) {
      out.put(e.getKey(), e.getValue().snapshot(rows));
    }
    for (Map.Entry<Long, ColumnReader> e : external.entrySet()) {
      if (e.getValue() instanceof VectorReader v) {
        float[] data = new float[Math.multiplyExact(rows, v.dimension())];
        for (int row = 0; row < rows; row++) {
          v.copy(row, data, row * v.dimension());
        }
        out.put(e.getKey(), new ColumnData(e.getValue().field(), rows, data, null));
      }
    }
    return out;
  }

  /** Copies of the write timestamps of rows {@code [0, rows)}. */
  public long[] snapshotTimestamps(int rows) {
    return Arrays.copyOf(timestamps, rows);
  }

  /** Copies of the delete timestamps of rows {@code [0, rows)} (0 = live), or null if none. */
  public long[] snapshotDeleteTimestamps(int rows) {
    long[] del = deleteTimestamps;
    return del == null ? null : Arrays.copyOf(del, rows);
  }

  public long id() {
    return id;
  }

  public long partitionId() {
    return partitionId;
  }

  public int shard() {
    return shard;
  }

  @Override
  public CollectionSchema schema() {
    return schema;
  }

  /**
   * Adopts a newer schema that only adds fields; rows already written read the new fields as
   * null or default ({@link ConstantColumn}); new appends must carry them. Writer only.
   */
  public synchronized void evolveSchema(CollectionSchema newSchema) {
    if (!resident) {
      this.schema = newSchema; // the columns come back (with the new fields) in restoreData
      return;
    }
    Map<Long, AppendColumn> added = new HashMap<>();
    for (FieldSchema f : newSchema.fields()) {
      if (!columns.containsKey(f.id())) {
        AppendColumn column = AppendColumn.create(f, timestamps.length);
        if (rowCount > 0) {
          // Back-fill existing rows with the default (or null) so the column stays dense.
          column.append(ColumnDataFactory.constant(f, rowCount), 0, rowCount);
        }
        added.put(f.id(), column);
      }
    }
    columns.putAll(added);
    this.schema = newSchema;
  }

  @Override
  public int rowCount() {
    return rowCount;
  }

  public int deletedCount() {
    return deletedCount;
  }

  /** Rows written and not deleted (at the latest state). */
  public int liveCount() {
    return rowCount - deletedCount;
  }

  public State state() {
    return state;
  }

  public boolean isSealed() {
    return state == State.SEALED;
  }

  public void seal() {
    state = State.SEALED;
  }

  /** The smallest row write timestamp ({@link Long#MAX_VALUE} while empty). */
  /** The recorded range of the collection's clustering (or partition) key, or null when unknown. */
  public KeyStats keyStats() {
    return keyStats;
  }

  /** Records the key range; only for a sealed segment, whose rows no longer change. */
  public void setKeyStats(KeyStats stats) {
    this.keyStats = stats;
  }

  public long minTimestamp() {
    return minTimestamp;
  }

  /** The largest write or delete timestamp applied to this segment. */
  public long maxTimestamp() {
    return maxTimestamp;
  }

  @Override
  public ColumnReader column(long fieldId) {
    if (!resident && fieldId != pkFieldId) {
      throw new IllegalStateException("segment " + id + " is released: load the collection to read it");
    }
    ColumnReader ext = external.get(fieldId);
    if (ext != null) {
      return ext;
    }
    AppendColumn c = columns.get(fieldId);
    if (c != null) {
      return c;
    }
    FieldSchema f = schema.fieldById(fieldId);
    if (f == null) {
      throw new IllegalArgumentException("segment " + id + " has no field " + fieldId);
    }
    return new ConstantColumn(f);
  }

  public ColumnReader primaryKeys() {
    return columns.get(pkFieldId);
  }

  /** The primary key of {@code row}: a Long or a String. */
  public Object primaryKey(int row) {
    ColumnReader pk = columns.get(pkFieldId);
    return pk.field().type() == DataType.INT64 ? (Object) pk.getLong(row) : pk.getString(row);
  }

  public long timestamp(int row) {
    return timestamps[row];
  }

  /**
   * Appends rows {@code [from, from + count)} of {@code batch}, all written at {@code ts}.
   * {@code batch} holds a column for every field of the schema. Writer only; the segment must be
   * growing.
   */
  public void append(Map<Long, ColumnData> batch, int from, int count, long ts) {
    if (state != State.GROWING) {
      throw new IllegalStateException("segment " + id + " is sealed");
    }
    int start = rowCount;
    for (Map.Entry<Long, AppendColumn> e : columns.entrySet()) {
      ColumnData data = batch.get(e.getKey());
      if (data == null) {
        data = ColumnDataFactory.constant(e.getValue().field(), from + count);
      }
      e.getValue().append(data, from, count);
    }
    long[] ts0 = timestamps;
    if (start + count > ts0.length) {
      ts0 = Arrays.copyOf(ts0, AppendColumn.grow(ts0.length, start + count));
    }
    Arrays.fill(ts0, start, start + count, ts);
    timestamps = ts0;
    long[] del = deleteTimestamps;
    if (del != null && del.length < start + count) {
      deleteTimestamps = Arrays.copyOf(del, ts0.length);
    }
    if (ts > maxTimestamp) {
      maxTimestamp = ts;
    }
    if (ts < minTimestamp) {
      minTimestamp = ts;
    }
    rowCount = start + count; // publish
  }

  /** Marks {@code row} deleted at {@code ts}; returns false if it was already deleted. Writer only. */
  public boolean markDeleted(int row, long ts) {
    long[] del = deleteTimestamps;
    if (del == null) {
      del = new long[Math.max(timestamps.length, rowCount)];
    }
    if (del[row] != 0) {
      return false;
    }
    del[row] = ts;
    deleteTimestamps = del;
    deletedCount++;
    if (ts > maxTimestamp) {
      maxTimestamp = ts;
    }
    return true;
  }

  public boolean isDeleted(int row) {
    long[] del = deleteTimestamps;
    return del != null && del[row] != 0;
  }

  /** The delete timestamp of {@code row}, or 0 if it is not deleted. */
  public long deleteTimestamp(int row) {
    long[] del = deleteTimestamps;
    return del == null ? 0 : del[row];
  }

  /** Whether {@code row} is visible to a reader at snapshot {@code ts}. */
  public boolean visible(int row, long ts) {
    if (timestamps[row] > ts) {
      return false;
    }
    long[] del = deleteTimestamps;
    if (del == null) {
      return true;
    }
    long d = del[row];
    return d == 0 || d > ts;
  }

  /**
   * The rows visible at {@code ts} among the first {@code rows} rows, or {@code null} when all
   * of them are (the common case for sealed segments without deletes).
   */
  public FixedBitSet visibility(int rows, long ts) {
    long[] del = deleteTimestamps;
    long[] tss = timestamps;
    boolean allVisible = maxTimestamp <= ts && (del == null || deletedCount == 0);
    if (allVisible) {
      return null;
    }
    FixedBitSet bits = new FixedBitSet(rows);
    for (int row = 0; row < rows; row++) {
      if (tss[row] <= ts && (del == null || del[row] == 0 || del[row] > ts)) {
        bits.set(row);
      }
    }
    return bits;
  }

  /** Attaches a built index for vector field {@code fieldId}; replaces any previous one. */
  public synchronized void putIndex(long fieldId, VectorIndex index) {
    if (!resident) {
      index.close(); // released meanwhile: the stored copy comes back with the data
      return;
    }
    VectorIndex old = indexes.put(fieldId, index);
    if (old != null && old != index) {
      old.close();
    }
  }

  public VectorIndex index(long fieldId) {
    return indexes.get(fieldId);
  }

  public void dropIndex(long fieldId) {
    storedIndexes.remove(fieldId);
    VectorIndex old = indexes.remove(fieldId);
    if (old != null) {
      old.close();
    }
  }

  public Map<Long, VectorIndex> indexes() {
    return indexes;
  }

  /** The vectors of field {@code fieldId}, rows {@code [0, rows)}, as index input. */
  public FloatVectorValues vectors(long fieldId, int rows) {
    VectorReader reader = vectorReader(fieldId);
    if (reader == null) {
      throw new IllegalArgumentException("segment " + id + " has no vector field " + fieldId);
    }
    return reader.values(rows);
  }

  /** The vectors of field {@code fieldId} (heap or memory-mapped), or null if it has none. */
  public VectorReader vectorReader(long fieldId) {
    ColumnReader ext = external.get(fieldId);
    if (ext instanceof VectorReader v) {
      return v;
    }
    return columns.get(fieldId) instanceof VectorReader v ? v : null;
  }

  /** Closes {@code resource} (e.g. the arena of memory-mapped files) when this segment closes. */
  public void attachResource(AutoCloseable resource) {
    resources.add(resource);
  }

  /**
   * Replaces the column of {@code fieldId} of this sealed segment with {@code column} (e.g. vectors
   * memory-mapped from storage); {@code resource} (may be null) is closed with the segment.
   */
  public void attachExternalColumn(long fieldId, ColumnReader column, AutoCloseable resource) {
    external.put(fieldId, column);
    columns.remove(fieldId);
    if (resource != null) {
      resources.add(resource);
    }
  }

  public long ramBytesUsed() {
    long bytes = 8L * timestamps.length;
    long[] del = deleteTimestamps;
    if (del != null) {
      bytes += 8L * del.length;
    }
    for (AppendColumn c : columns.values()) {
      bytes += c.ramBytesUsed();
    }
    for (VectorIndex index : indexes.values()) {
      bytes += index.ramBytesUsed();
    }
    return bytes;
  }

  /** Closes the indexes and releases memory-mapped columns. */
  public void close() {
    closeIndexesAndResources();
  }

  private void closeIndexesAndResources() {
    for (VectorIndex index : indexes.values()) {
      index.close();
    }
    indexes.clear();
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // releasing a mapping cannot fail in a way the caller could act on
      }
    }
    resources.clear();
  }

  @Override
  public String toString() {
    return "Segment{id=" + id + ", partition=" + partitionId + ", shard=" + shard + ", rows=" + rowCount
        + ", deleted=" + deletedCount + ", state=" + state + (resident ? "" : ", released") + "}";
  }
}
