package io.quiver.engine.segment;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The rows of one shard of a collection: a growing segment per partition, the sealed segments,
 * and the primary-key index that makes deletes and replacing inserts point lookups.
 *
 * <p>Concurrency: mutations ({@link #apply}, {@link #sealGrowing}, {@link #dropPartition},
 * schema changes) take the shard's write lock; readers take a {@link #segments()} snapshot and
 * {@link #appliedTimestamp()} without locking.
 */
public final class Shard {

  private final int index;
  private final ReentrantLock lock = new ReentrantLock();
  private final LongSupplier segmentIds;
  private final int maxSegmentRows;
  private final Consumer<Segment> onSealed;
  private volatile CollectionSchema schema;
  /** Every segment that exists, in creation order; replaced on change (copy on write). */
  private volatile List<Segment> segments = List.of();
  /** Slot number -> segment, as referenced by the primary-key index; null for dropped ones. */
  private final List<Segment> slots = new ArrayList<>();
  private final Map<Segment, Integer> slotOf = new HashMap<>();
  private final Map<Long, Segment> growing = new HashMap<>();
  private final PrimaryKeyIndex pkIndex;
  private volatile long appliedTimestamp;

  /**
   * @param segmentIds allocates unique segment ids
   * @param maxSegmentRows a growing segment is sealed when it reaches this many rows
   * @param onSealed called (under the write lock) for each segment sealed by this shard
   */
  public Shard(int index, CollectionSchema schema, LongSupplier segmentIds, int maxSegmentRows, Consumer<Segment> onSealed) {
    this.index = index;
    this.schema = schema;
    this.segmentIds = segmentIds;
    this.maxSegmentRows = maxSegmentRows;
    this.onSealed = onSealed;
    this.pkIndex = new PrimaryKeyIndex(schema.primaryField().type() != DataType.INT64);
  }

  public int index() {
    return index;
  }

  public ReentrantLock lock() {
    return lock;
  }

  /** A snapshot of the segments; safe to iterate without locking. */
  public List<Segment> segments() {
    return segments;
  }

  /** Every write with a timestamp at or below this has been applied. */
  public long appliedTimestamp() {
    return appliedTimestamp;
  }

  /** Raises the applied timestamp without writing (e.g. after replay, or a write to another shard). */
  public void advanceAppliedTimestamp(long ts) {
    lock.lock();
    try {
      if (ts > appliedTimestamp) {
        appliedTimestamp = ts;
      }
    } finally {
      lock.unlock();
    }
  }

  public int liveRows() {
    return pkIndex.size();
  }

  /** Result of {@link #apply}: rows inserted, and rows deleted (including replaced ones). */
  public record ApplyResult(int inserted, int deleted, int replaced) {}

  /** Applies {@code batch}: deletes first, then inserts that replace live rows with the same key. */
  public ApplyResult apply(WriteBatch batch) {
    lock.lock();
    try {
      long ts = batch.timestamp();
      int deleted = 0;
      for (Object pk : batch.deletes()) {
        if (deleteKey(pk, ts)) {
          deleted++;
        }
      }
      int replaced = 0;
      if (batch.rows() > 0) {
        replaced = insert(batch, ts);
      }
      if (ts > appliedTimestamp) {
        appliedTimestamp = ts;
      }
      return new ApplyResult(batch.rows(), deleted, replaced);
    } finally {
      lock.unlock();
    }
  }

  private boolean deleteKey(Object pk, long ts) {
    long loc = pkIndex.remove(pk);
    if (loc == PrimaryKeyIndex.ABSENT) {
      return false;
    }
    Segment seg = slots.get(PrimaryKeyIndex.slot(loc));
    return seg != null && seg.markDeleted(PrimaryKeyIndex.row(loc), ts);
  }

  private int insert(WriteBatch batch, long ts) {
    CollectionSchema s = schema;
    long pkField = s.primaryField().id();
    ColumnData pks = batch.columns().get(pkField);
    if (pks == null) {
      throw new IllegalArgumentException("write batch has no primary key column");
    }
    int replaced = 0;
    int done = 0;
    while (done < batch.rows()) {
      Segment seg = growingSegment(batch.partitionId());
      int room = maxSegmentRows - seg.rowCount();
      int count = Math.min(room, batch.rows() - done);
      int firstRow = seg.rowCount();
      // Replace live rows with the same keys before the new rows become visible.
      for (int i = 0; i < count; i++) {
        Object pk = pks.get(done + i);
        long old = pkIndex.get(pk);
        if (old != PrimaryKeyIndex.ABSENT) {
          Segment oldSeg = slots.get(PrimaryKeyIndex.slot(old));
          if (oldSeg != null && oldSeg.markDeleted(PrimaryKeyIndex.row(old), ts)) {
            replaced++;
          }
        }
      }
      seg.append(batch.columns(), done, count, ts);
      int slot = slotOf.get(seg);
      for (int i = 0; i < count; i++) {
        Object pk = pks.get(done + i);
        long prev = pkIndex.put(pk, PrimaryKeyIndex.location(slot, firstRow + i));
        if (prev != PrimaryKeyIndex.ABSENT && PrimaryKeyIndex.slot(prev) == slot && PrimaryKeyIndex.row(prev) >= firstRow) {
          // Duplicate key inside this batch: the earlier copy was just appended; delete it.
          if (seg.markDeleted(PrimaryKeyIndex.row(prev), ts)) {
            replaced++;
          }
        }
      }
      done += count;
      if (seg.rowCount() >= maxSegmentRows) {
        seal(seg);
      }
    }
    return replaced;
  }

  private Segment growingSegment(long partitionId) {
    Segment seg = growing.get(partitionId);
    if (seg == null) {
      seg = new Segment(segmentIds.getAsLong(), partitionId, index, schema, Math.min(maxSegmentRows, 4096));
      addSegment(seg);
      growing.put(partitionId, seg);
    }
    return seg;
  }

  /**
   * Registers an existing segment (a sealed one loaded from storage) and indexes its live keys. If
   * a key is already live in another segment (a write replayed from the log that a segment also
   * holds, or rows of an import), the row written later wins and the other is marked deleted.
   */
  public void addLoadedSegment(Segment seg) {
    lock.lock();
    try {
      addSegment(seg);
      int slot = slotOf.get(seg);
      for (int row = 0; row < seg.rowCount(); row++) {
        if (!seg.isDeleted(row)) {
          Object pk = seg.primaryKey(row);
          long prev = pkIndex.put(pk, PrimaryKeyIndex.location(slot, row));
          if (prev != PrimaryKeyIndex.ABSENT) {
            Segment other = slots.get(PrimaryKeyIndex.slot(prev));
            int otherRow = PrimaryKeyIndex.row(prev);
            if (other == null) {
              continue;
            }
            if (other.timestamp(otherRow) > seg.timestamp(row)) {
              pkIndex.put(pk, prev);
              seg.markDeleted(row, other.timestamp(otherRow));
            } else {
              other.markDeleted(otherRow, seg.timestamp(row));
            }
          }
        }
      }
      if (seg.maxTimestamp() > appliedTimestamp) {
        appliedTimestamp = seg.maxTimestamp();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes a sealed segment built outside the write path (a bulk import, all rows written at one
   * timestamp) visible at once: its rows replace live rows with the same keys, as inserts do.
   */
  public void addImportedSegment(Segment seg) {
    if (!seg.isSealed()) {
      throw new IllegalArgumentException("an imported segment must be sealed");
    }
    addLoadedSegment(seg);
    onSealed.accept(seg);
  }

  private void addSegment(Segment seg) {
    slotOf.put(seg, slots.size());
    slots.add(seg);
    List<Segment> next = new ArrayList<>(segments);
    next.add(seg);
    segments = List.copyOf(next);
  }

  private void seal(Segment seg) {
    seg.seal();
    growing.values().remove(seg);
    onSealed.accept(seg);
  }

  /** Seals every non-empty growing segment (flush); returns the sealed segments. */
  public List<Segment> sealGrowing() {
    lock.lock();
    try {
      List<Segment> sealed = new ArrayList<>();
      for (Segment seg : new ArrayList<>(growing.values())) {
        if (seg.rowCount() > 0) {
          seal(seg);
          sealed.add(seg);
        }
      }
      return sealed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Merges sealed segments of one partition into one new sealed segment holding their live rows
   * (rows deleted, or written before {@code expireBefore} — a TTL cutoff, 0 for none — are
   * dropped), and swaps it in atomically for readers. Writes are blocked only for the swap: the
   * rows are copied from a snapshot first, and deletes that land meanwhile are carried over.
   *
   * @return the new segment (sealed; the sealing callback has run), or null when nothing is live
   *     (the inputs are simply removed)
   */
  public Segment compact(List<Segment> inputs, long expireBefore) {
    List<Segment> out = compact(inputs, expireBefore, null, Integer.MAX_VALUE, Integer.MAX_VALUE);
    return out.isEmpty() ? null : out.get(0);
  }

  /**
   * Clustering compaction: like {@link #compact(List, long)}, but the live rows are sorted by
   * {@code key} (nulls last) and cut into segments of at most {@code maxRows} rows with disjoint
   * key ranges (a cut moves back to the start of a run of equal keys; only a single key value
   * holding more than {@code maxRows} rows is cut inside, so neighbours then share that one
   * value). Each output records its {@link KeyStats}. Nothing changes when more than
   * {@code maxOutputs} segments would result (IllegalArgumentException).
   *
   * @param key the sort field (integer, floating or VarChar); null keeps the input order and
   *     makes one output
   * @return the new segments in key order (sealed; the sealing callback has run for each);
   *     empty when nothing is live
   */
  public List<Segment> compact(List<Segment> inputs, long expireBefore, io.quiver.engine.schema.FieldSchema key,
      int maxRows, int maxOutputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("nothing to compact");
    }
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be positive");
    }
    long partitionId = inputs.get(0).partitionId();
    for (Segment seg : inputs) {
      if (!seg.isSealed() || !seg.isResident() || seg.partitionId() != partitionId || !segments.contains(seg)) {
        throw new IllegalArgumentException("segment " + seg.id() + " cannot be compacted with the others");
      }
    }
    long snapshot = appliedTimestamp;
    // 1. copy the live rows (at the snapshot) without blocking writers
    List<int[]> kept = new ArrayList<>(); // {input index, row}
    for (int i = 0; i < inputs.size(); i++) {
      Segment seg = inputs.get(i);
      int rows = seg.rowCount();
      for (int row = 0; row < rows; row++) {
        if (seg.visible(row, snapshot) && seg.timestamp(row) >= expireBefore) {
          kept.add(new int[] {i, row});
        }
      }
    }
    List<List<int[]>> chunks = new ArrayList<>();
    if (key != null) {
      List<ColumnReader> keyColumns = new ArrayList<>();
      for (Segment seg : inputs) {
        keyColumns.add(seg.column(key.id()));
      }
      Object[] keys = new Object[kept.size()];
      Integer[] order = new Integer[kept.size()];
      for (int k = 0; k < keys.length; k++) {
        int[] ref = kept.get(k);
        keys[k] = KeyStats.value(keyColumns.get(ref[0]), ref[1]);
        order[k] = k;
      }
      java.util.Arrays.sort(order, (a, b) -> KeyStats.ORDER.compare(keys[a], keys[b])); // stable
      List<int[]> sorted = new ArrayList<>(kept.size());
      Object[] sortedKeys = new Object[keys.length];
      for (int k = 0; k < order.length; k++) {
        sorted.add(kept.get(order[k]));
        sortedKeys[k] = keys[order[k]];
      }
      int from = 0;
      while (from < sorted.size()) {
        int to = Math.min(sorted.size(), from + maxRows);
        if (to < sorted.size()) {
          int cut = to;
          while (cut > from && java.util.Objects.equals(sortedKeys[cut - 1], sortedKeys[cut])) {
            cut--;
          }
          if (cut > from) {
            to = cut; // keep a run of equal keys together
          }
        }
        chunks.add(sorted.subList(from, to));
        from = to;
      }
    } else if (!kept.isEmpty()) {
      chunks.add(kept);
    }
    if (chunks.size() > maxOutputs) {
      throw new IllegalArgumentException("compaction would write " + chunks.size() + " segments; at most "
          + maxOutputs + " are allowed at once");
    }
    List<Segment> outs = new ArrayList<>();
    if (!chunks.isEmpty()) {
      List<Map<Long, ColumnData>> sources = new ArrayList<>();
      for (Segment seg : inputs) {
        sources.add(seg.snapshotColumns(seg.rowCount()));
      }
      for (List<int[]> chunk : chunks) {
        int total = chunk.size();
        Map<Long, ColumnData> merged = new HashMap<>();
        long[] timestamps = new long[total];
        for (io.quiver.engine.schema.FieldSchema f : schema.fields()) {
          List<ColumnData> parts = new ArrayList<>();
          for (Map<Long, ColumnData> src : sources) {
            ColumnData c = src.get(f.id());
            parts.add(c != null ? c : ColumnDataFactory.constant(f, 0));
          }
          merged.put(f.id(), gather(f, parts, sources, inputs, chunk));
        }
        for (int k = 0; k < total; k++) {
          int[] ref = chunk.get(k);
          timestamps[k] = inputs.get(ref[0]).timestamp(ref[1]);
        }
        Segment out = Segment.restore(segmentIds.getAsLong(), partitionId, index, schema, merged, total, timestamps, null);
        if (key != null) {
          out.setKeyStats(KeyStats.of(out, key, total));
        }
        outs.add(out);
      }
    }
    // 2. swap under the lock, carrying deletes that happened after the snapshot
    lock.lock();
    try {
      for (int o = 0; o < outs.size(); o++) {
        Segment out = outs.get(o);
        List<int[]> chunk = chunks.get(o);
        for (int k = 0; k < chunk.size(); k++) {
          int[] ref = chunk.get(k);
          long del = inputs.get(ref[0]).deleteTimestamp(ref[1]);
          if (del != 0) {
            out.markDeleted(k, del);
          }
        }
        addSegment(out);
        int outSlot = slotOf.get(out);
        for (int k = 0; k < chunk.size(); k++) {
          int[] ref = chunk.get(k);
          Segment in = inputs.get(ref[0]);
          Object pk = in.primaryKey(ref[1]);
          long loc = pkIndex.get(pk);
          if (loc != PrimaryKeyIndex.ABSENT && slots.get(PrimaryKeyIndex.slot(loc)) == in && PrimaryKeyIndex.row(loc) == ref[1]) {
            pkIndex.put(pk, PrimaryKeyIndex.location(outSlot, k));
          }
        }
      }
      List<Segment> keep = new ArrayList<>();
      for (Segment seg : segments) {
        if (!inputs.contains(seg)) {
          keep.add(seg);
        }
      }
      // Keys whose live row was in an input but did not survive (expired by TTL) leave the index.
      for (Segment in : inputs) {
        int slot = slotOf.remove(in);
        for (int row = 0; row < in.rowCount(); row++) {
          if (!in.isDeleted(row)) {
            Object pk = in.primaryKey(row);
            long loc = pkIndex.get(pk);
            if (loc != PrimaryKeyIndex.ABSENT && PrimaryKeyIndex.slot(loc) == slot) {
              pkIndex.remove(pk);
            }
          }
        }
        slots.set(slot, null);
      }
      segments = List.copyOf(keep);
      for (Segment out : outs) {
        onSealed.accept(out);
      }
    } finally {
      lock.unlock();
    }
    return outs;
  }

  /** The kept rows of one field, concatenated from the inputs' snapshots. */
  private static ColumnData gather(io.quiver.engine.schema.FieldSchema f, List<ColumnData> parts,
      List<Map<Long, ColumnData>> sources, List<Segment> inputs, List<int[]> kept) {
    int total = kept.size();
    boolean[] valid = null;
    Object values;
    if (f.type() == io.quiver.engine.schema.DataType.FLOAT_VECTOR) {
      int dim = f.dim();
      float[] outv = new float[total * dim];
      for (int k = 0; k < total; k++) {
        int[] ref = kept.get(k);
        System.arraycopy((float[]) parts.get(ref[0]).values(), ref[1] * dim, outv, k * dim, dim);
      }
      values = outv;
    } else {
      values = java.lang.reflect.Array.newInstance(ColumnData.arrayClass(f.type()).getComponentType(), total);
      for (int k = 0; k < total; k++) {
        int[] ref = kept.get(k);
        ColumnData src = parts.get(ref[0]);
        if (src.rows() == 0) {
          // the field was added after this input was written: null or default
          ColumnData def = ColumnDataFactory.constant(f, 1);
          java.lang.reflect.Array.set(values, k, java.lang.reflect.Array.get(def.values(), 0));
          if (def.isNull(0)) {
            valid = valid == null ? allTrue(total) : valid;
            valid[k] = false;
          }
          continue;
        }
        java.lang.reflect.Array.set(values, k, java.lang.reflect.Array.get(src.values(), ref[1]));
        if (src.isNull(ref[1])) {
          valid = valid == null ? allTrue(total) : valid;
          valid[k] = false;
        }
      }
    }
    return new ColumnData(f, total, values, valid);
  }

  private static boolean[] allTrue(int n) {
    boolean[] v = new boolean[n];
    java.util.Arrays.fill(v, true);
    return v;
  }

  /** Removes every segment of {@code partitionId} and its keys. */
  public void dropPartition(long partitionId) {
    lock.lock();
    try {
      List<Segment> keep = new ArrayList<>();
      for (Segment seg : segments) {
        if (seg.partitionId() == partitionId) {
          int slot = slotOf.remove(seg);
          for (int row = 0; row < seg.rowCount(); row++) {
            if (!seg.isDeleted(row)) {
              Object pk = seg.primaryKey(row);
              long loc = pkIndex.get(pk);
              if (loc != PrimaryKeyIndex.ABSENT && PrimaryKeyIndex.slot(loc) == slot) {
                pkIndex.remove(pk);
              }
            }
          }
          slots.set(slot, null);
          seg.close();
        } else {
          keep.add(seg);
        }
      }
      growing.remove(partitionId);
      segments = List.copyOf(keep);
    } finally {
      lock.unlock();
    }
  }

  /** Adopts an additive schema change in every segment. */
  public void evolveSchema(CollectionSchema newSchema) {
    lock.lock();
    try {
      for (Segment seg : segments) {
        seg.evolveSchema(newSchema);
      }
      this.schema = newSchema;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code pk} is live in this shard. */
  public boolean containsKey(Object pk) {
    lock.lock();
    try {
      return pkIndex.get(pk) != PrimaryKeyIndex.ABSENT;
    } finally {
      lock.unlock();
    }
  }

  public long ramBytesUsed() {
    long bytes = pkIndex.ramBytesUsed();
    for (Segment seg : segments) {
      bytes += seg.ramBytesUsed();
    }
    return bytes;
  }

  public void close() {
    for (Segment seg : segments) {
      seg.close();
    }
  }
}
