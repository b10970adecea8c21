package io.quiver.engine.collection;

import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.IndexRegistry;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.index.VectorIndexFactory;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.Segment;
import io.quiver.engine.segment.Shard;
import io.quiver.engine.vector.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection in memory: its catalog record, its shards, its load state, and the background
 * build of vector indexes on sealed segments.
 *
 * <p>Thread safe. The catalog record is replaced atomically; callers that change it (DDL) are
 * serialized by the owner (the database runtime).
 */
public final class Collection {

  private static final Logger LOG = LoggerFactory.getLogger(Collection.class);

  /** Called after an index was built for a sealed segment (to persist it). */
  public interface IndexBuildListener {
    void indexBuilt(Collection collection, Segment segment, long fieldId, VectorIndex index);

    /**
     * Brings a released segment's data back into memory for an index build; closing the handle
     * releases it again unless it should stay resident meanwhile. Default: not supported.
     */
    default AutoCloseable pin(Collection collection, Segment segment) throws java.io.IOException {
      throw new IllegalStateException("segment " + segment.id() + " is released and cannot be loaded for an index build");
    }
  }

  private volatile CollectionInfo info;
  private final Shard[] shards;
  private final Executor indexExecutor;
  private final int indexThreads;
  private final IndexBuildListener indexListener;
  private volatile LoadState loadState = LoadState.NOT_LOAD;
  private final Set<Long> loadedPartitions = ConcurrentHashMap.newKeySet();
  private volatile int replicaNumber = 1;
  private volatile List<String> resourceGroups = List.of();
  /** Segments (by id) whose index on a field (by id) is being built: "segmentId/fieldId". */
  private final Set<String> building = ConcurrentHashMap.newKeySet();
  private final AtomicLong indexFailures = new AtomicLong();
  private volatile String lastIndexFailure = "";

  /**
   * @param segmentIds allocator of unique segment ids
   * @param maxSegmentRows rows at which a growing segment is sealed
   * @param indexExecutor where index builds run
   * @param onSealed extra work when a segment is sealed (persistence); may be null
   */
  public Collection(
      CollectionInfo info,
      LongSupplier segmentIds,
      int maxSegmentRows,
      Executor indexExecutor,
      int indexThreads,
      java.util.function.Consumer<Segment> onSealed,
      IndexBuildListener indexListener) {
    this.info = info;
    this.indexExecutor = indexExecutor;
    this.indexThreads = indexThreads;
    this.indexListener = indexListener;
    this.shards = new Shard[info.shards()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard(i, info.schema(), segmentIds, maxSegmentRows, seg -> {
        if (onSealed != null) {
          onSealed.accept(seg);
        }
        scheduleIndexBuilds(seg);
      });
    }
  }

  public CollectionInfo info() {
    return info;
  }

  public long id() {
    return info.id();
  }

  public CollectionSchema schema() {
    return info.schema();
  }

  /** Replaces the catalog record; additive schema changes are pushed to the shards. */
  public void updateInfo(CollectionInfo next) {
    CollectionInfo prev = this.info;
    this.info = next;
    if (next.schema() != prev.schema()) {
      for (Shard s : shards) {
        s.evolveSchema(next.schema());
      }
    }
    if (!next.indexes().equals(prev.indexes())) {
      // Drop index instances whose declaration went away; build the new ones.
      for (Shard s : shards) {
        for (Segment seg : s.segments()) {
          Set<Long> fields = new HashSet<>(seg.indexes().keySet());
          fields.addAll(seg.storedIndexes());
          for (Long fieldId : fields) {
            IndexSpec spec = next.indexOnField(fieldId);
            IndexSpec old = prev.indexOnField(fieldId);
            if (spec == null || !spec.equals(old)) {
              seg.dropIndex(fieldId);
            }
          }
          if (seg.isSealed()) {
            scheduleIndexBuilds(seg);
          }
        }
      }
    }
  }

  public Shard[] shards() {
    return shards;
  }

  /** The shard that owns primary key {@code pk} (Long or String). */
  public int shardOf(Object pk) {
    if (shards.length == 1) {
      return 0;
    }
    long h;
    if (pk instanceof Long l) {
      h = l * 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
    } else {
      CRC32C crc = new CRC32C();
      crc.update(((String) pk).getBytes(StandardCharsets.UTF_8));
      h = crc.getValue();
    }
    return (int) Math.floorMod(h, (long) shards.length);
  }

  /** The partition (by position among the partition-key partitions) for a partition-key value. */
  public static int partitionKeyBucket(Object value, int buckets) {
    long h;
    if (value == null) {
      h = 0;
    } else if (value instanceof Number n) {
      h = n.longValue() * 0x9E3779B97F4A7C15L;
      h ^= h >>> 31;
    } else {
      CRC32C crc = new CRC32C();
      crc.update(value.toString().getBytes(StandardCharsets.UTF_8));
      h = crc.getValue();
    }
    return (int) Math.floorMod(h, (long) buckets);
  }

  /** Property naming the time to live of rows, in seconds (Milvus's key). */
  public static final String TTL_PROPERTY = "collection.ttl.seconds";

  /**
   * The hybrid timestamp before which rows have expired under the collection's time to live
   * ({@value #TTL_PROPERTY}), or 0 when rows never expire. Expired rows are invisible to reads
   * and dropped by compaction.
   */
  public long expireBeforeTimestamp() {
    String ttl = info.properties().get(TTL_PROPERTY);
    if (ttl == null || ttl.isBlank()) {
      return 0;
    }
    long seconds;
    try {
      seconds = Long.parseLong(ttl.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
    if (seconds <= 0) {
      return 0;
    }
    long cutoffMillis = System.currentTimeMillis() - seconds * 1000;
    return cutoffMillis <= 0 ? 0 : io.quiver.engine.segment.TimestampOracle.compose(cutoffMillis, 0);
  }

  // ---- load state ----

  public LoadState loadState() {
    return loadState;
  }

  public boolean isLoaded() {
    return loadState == LoadState.LOADED;
  }

  public Set<Long> loadedPartitions() {
    return Set.copyOf(loadedPartitions);
  }

  /** Whether partition {@code partitionId} can be searched. */
  public boolean isPartitionLoaded(long partitionId) {
    return loadState == LoadState.LOADED && loadedPartitions.contains(partitionId);
  }

  /** Marks the collection (every partition) loaded. */
  public void markLoaded(int replicas, List<String> groups) {
    for (PartitionInfo p : info.partitions()) {
      loadedPartitions.add(p.id());
    }
    replicaNumber = replicas;
    resourceGroups = List.copyOf(groups);
    loadState = LoadState.LOADED;
  }

  public void markPartitionsLoaded(Set<Long> partitionIds, int replicas, List<String> groups) {
    loadedPartitions.addAll(partitionIds);
    replicaNumber = replicas;
    resourceGroups = List.copyOf(groups);
    loadState = LoadState.LOADED;
  }

  public void markReleased() {
    loadedPartitions.clear();
    loadState = LoadState.NOT_LOAD;
  }

  public void markPartitionsReleased(Set<Long> partitionIds) {
    loadedPartitions.removeAll(partitionIds);
    if (loadedPartitions.isEmpty()) {
      loadState = LoadState.NOT_LOAD;
    }
  }

  public int replicaNumber() {
    return replicaNumber;
  }

  public List<String> resourceGroups() {
    return resourceGroups;
  }

  // ---- statistics ----

  /** Live rows across all shards (or one partition when {@code partitionId >= 0}). */
  public long rowCount(long partitionId) {
    long rows = 0;
    for (Shard s : shards) {
      for (Segment seg : s.segments()) {
        if (partitionId < 0 || seg.partitionId() == partitionId) {
          rows += seg.liveCount();
        }
      }
    }
    return rows;
  }

  public List<Segment> segments() {
    List<Segment> out = new ArrayList<>();
    for (Shard s : shards) {
      out.addAll(s.segments());
    }
    return out;
  }

  // ---- vector indexes on sealed segments ----

  /** Index progress of field {@code fieldId}: rows in segments with a built index, and all rows. */
  public long[] indexProgress(long fieldId) {
    long indexed = 0;
    long total = 0;
    for (Shard s : shards) {
      for (Segment seg : s.segments()) {
        int rows = seg.rowCount();
        total += rows;
        if (seg.hasIndex(fieldId)) {
          indexed += rows;
        }
      }
    }
    return new long[] {indexed, total};
  }

  /** Rows that wait for an index: sealed segments without a built index yet. */
  public long pendingIndexRows(long fieldId) {
    long pending = 0;
    for (Shard s : shards) {
      for (Segment seg : s.segments()) {
        if (seg.isSealed() && !seg.hasIndex(fieldId)) {
          pending += seg.rowCount();
        }
      }
    }
    return pending;
  }

  public String lastIndexFailure() {
    return lastIndexFailure;
  }

  public long indexFailures() {
    return indexFailures.get();
  }

  /** Schedules builds of every declared vector index missing on {@code seg} (a sealed segment). */
  public void scheduleIndexBuilds(Segment seg) {
    if (!seg.isSealed()) {
      return;
    }
    for (IndexSpec spec : info.indexes()) {
      FieldSchema field = info.schema().fieldById(spec.fieldId());
      if (field == null || field.type() != DataType.FLOAT_VECTOR || seg.hasIndex(spec.fieldId())) {
        continue;
      }
      String key = seg.id() + "/" + spec.fieldId();
      if (!building.add(key)) {
        continue;
      }
      indexExecutor.execute(() -> {
        boolean again;
        try {
          again = buildIndex(seg, spec, field);
        } finally {
          building.remove(key);
        }
        IndexSpec now = info.indexOnField(spec.fieldId());
        if (again || (now != null && !now.equals(spec) && !seg.hasIndex(spec.fieldId()))) {
          // interrupted by a release (build from the stored data), or the declaration changed
          // while this build ran (its schedule was skipped as a duplicate)
          scheduleIndexBuilds(seg);
        }
      });
    }
  }

  /** Builds one index; returns true when a release interrupted it and it should run again. */
  private boolean buildIndex(Segment seg, IndexSpec spec, FieldSchema field) {
    AutoCloseable pin = null;
    boolean startedResident = seg.isResident();
    try {
      IndexSpec current = info.indexOnField(spec.fieldId());
      if (!spec.equals(current) || seg.hasIndex(spec.fieldId())) {
        return false; // dropped or replaced meanwhile
      }
      if (!seg.isResident()) {
        if (indexListener == null) {
          return false;
        }
        pin = indexListener.pin(this, seg); // a released segment: its data comes back for the build
        if (pin == null || seg.hasIndex(spec.fieldId())) {
          return false; // compacted away meanwhile, or built by another build
        }
      }
      VectorIndexFactory factory = IndexRegistry.factory(spec.indexType());
      MetricType metric = MetricType.parse(spec.metricType());
      int rows = seg.rowCount();
      VectorIndex index = factory.build(seg.vectors(field.id(), rows), metric, IndexParams.of(spec.params()), indexThreads);
      if (!spec.equals(info.indexOnField(spec.fieldId()))) {
        index.close();
        return false;
      }
      seg.putIndex(field.id(), index);
      if (indexListener != null && seg.index(field.id()) == index) {
        indexListener.indexBuilt(this, seg, field.id(), index);
      }
      return pin == null && !seg.isResident() && !seg.hasIndex(field.id());
    } catch (Exception | Error e) {
      if (startedResident && pin == null && !seg.isResident()) {
        LOG.debug("index build of segment {} stopped: the segment was released meanwhile ({})", seg.id(), e.toString());
        return true;
      }
      indexFailures.incrementAndGet();
      lastIndexFailure = "building " + spec.indexType() + " on field " + field.name() + " of segment " + seg.id()
          + " failed: " + e;
      LOG.error("index build failed for collection {} segment {} field {}", info.name(), seg.id(), field.name(), e);
      return false;
    } finally {
      if (pin != null) {
        try {
          pin.close();
        } catch (Exception e) {
          LOG.warn("releasing segment {} after its index build failed: {}", seg.id(), e.toString());
        }
      }
    }
  }

  /** Segments and field ids that still need an index (for tests and progress reporting). */
  public Set<String> indexBuildsInFlight() {
    return new HashSet<>(building);
  }

  public long ramBytesUsed() {
    long bytes = 0;
    for (Shard s : shards) {
      bytes += s.ramBytesUsed();
    }
    return bytes;
  }

  public void close() {
    for (Shard s : shards) {
      s.close();
    }
  }
}
