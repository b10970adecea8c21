package io.quiver.server.runtime;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.segment.Segment;
import io.quiver.engine.segment.Shard;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans and runs compactions: merging small sealed segments and rewriting segments with many
 * deleted or expired rows, per shard and partition. Manual compactions (ManualCompaction) are
 * jobs with plans whose state clients poll; automatic ones run periodically.
 *
 * <p>Thread safety: jobs run one at a time on a dedicated thread; the job table is concurrent.
 */
public final class Compactor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
  /** Most segments merged in one plan (the catalog swap is one transaction). */
  static final int MAX_INPUTS = 32;

  public enum State {
    EXECUTING,
    COMPLETED,
    FAILED
  }

  /** One merge: source segments into a target (0 until it ran, or when no row survived). */
  public static final class Plan {
    private final int shard;
    private final List<Long> sources;
    private volatile long target;
    private volatile List<Long> targets = List.of();
    private volatile State state = State.EXECUTING;

    Plan(int shard, List<Long> sources) {
      this.shard = shard;
      this.sources = List.copyOf(sources);
    }

    public int shard() {
      return shard;
    }

    public List<Long> sources() {
      return sources;
    }

    public long target() {
      return target;
    }

    /** Every segment the plan wrote (a clustering plan writes several), in key order. */
    public List<Long> targets() {
      return targets;
    }

    public State state() {
      return state;
    }
  }

  /** A compaction of one collection. */
  public static final class Job {
    private final long id;
    private final long collectionId;
    private final List<Plan> plans = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile State state = State.EXECUTING;
    private volatile String failure = "";
    /** The sort field of a clustering (major) compaction; null for a regular one. */
    private final io.quiver.engine.schema.FieldSchema clusteringKey;

    Job(long id, long collectionId) {
      this(id, collectionId, null);
    }

    Job(long id, long collectionId, io.quiver.engine.schema.FieldSchema clusteringKey) {
      this.id = id;
      this.collectionId = collectionId;
      this.clusteringKey = clusteringKey;
    }

    /** Whether this is a clustering (major) compaction. */
    public boolean clustering() {
      return clusteringKey != null;
    }

    public long id() {
      return id;
    }

    public long collectionId() {
      return collectionId;
    }

    public List<Plan> plans() {
      return plans;
    }

    public State state() {
      return state;
    }

    public String failure() {
      return failure;
    }
  }

  private final DataPlane plane;
  private final double deleteRatio;
  private final ExecutorService runner;
  private final ScheduledExecutorService ticker;
  private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
  private final AtomicLong ids;

  Compactor(DataPlane plane, double deleteRatio, long intervalMillis) {
    this.plane = plane;
    this.deleteRatio = deleteRatio;
    this.ids = new AtomicLong(plane.tso().next());
    this.runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "quiver-compaction");
      t.setDaemon(true);
      t.setPriority(Thread.NORM_PRIORITY - 1);
      return t;
    });
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "quiver-compaction-tick");
      t.setDaemon(true);
      return t;
    });
    if (intervalMillis > 0) {
      ticker.scheduleWithFixedDelay(this::compactAllAutomatically, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Starts a manual compaction of {@code c}; the job's plans are known when this returns. */
  public Job manual(Collection c) {
    Job job = new Job(ids.incrementAndGet(), c.id());
    jobs.put(job.id(), job);
    try {
      plane.durability().checkpoint(c); // only written segments can be compacted
    } catch (IOException e) {
      job.state = State.FAILED;
      job.failure = e.getMessage();
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "compaction of " + c.info().name() + " could not start: "
          + e.getMessage(), e);
    }
    for (Shard shard : c.shards()) {
      for (List<Segment> group : plan(c, shard, true)) {
        job.plans.add(new Plan(shard.index(), group.stream().map(Segment::id).toList()));
      }
    }
    if (job.plans.isEmpty()) {
      job.state = State.COMPLETED;
      return job;
    }
    runner.execute(() -> run(c, job));
    return job;
  }

  /**
   * Starts a clustering (major) compaction of {@code c}: per shard and partition, one plan that
   * rewrites the sealed segments sorted by the clustering key (else the partition key) into
   * segments of at most segment.max-rows rows with disjoint key ranges, dropping deleted and
   * expired rows. The plans are known when this returns.
   *
   * @throws QuiverException INVALID_ARGUMENT when the collection has neither a sortable
   *     clustering key nor a partition key
   */
  public Job clustering(Collection c) {
    io.quiver.engine.schema.FieldSchema key = io.quiver.engine.segment.KeyStats.keyField(c.info().schema());
    if (key == null) {
      throw QuiverException.invalid("collection %s has no clustering key (integer, float, double or varchar) "
          + "and no partition key; clustering compaction needs one", c.info().name());
    }
    Job job = new Job(ids.incrementAndGet(), c.id(), key);
    jobs.put(job.id(), job);
    try {
      plane.durability().checkpoint(c); // only written segments can be compacted
    } catch (IOException e) {
      job.state = State.FAILED;
      job.failure = e.getMessage();
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "compaction of " + c.info().name() + " could not start: "
          + e.getMessage(), e);
    }
    for (Shard shard : c.shards()) {
      Map<Long, List<Segment>> byPartition = new LinkedHashMap<>();
      for (Segment seg : shard.segments()) {
        if (seg.isSealed() && seg.rowCount() > 0) {
          byPartition.computeIfAbsent(seg.partitionId(), p -> new ArrayList<>()).add(seg);
        }
      }
      for (List<Segment> segs : byPartition.values()) {
        // one transaction swaps inputs and outputs: fewer than half the operations go to inputs,
        // the smallest segments first (the largest stay as they are when there are too many)
        segs.sort(Comparator.comparingInt(Segment::liveCount));
        List<Segment> group = segs.subList(0, Math.min(segs.size(), MAX_CLUSTERING_INPUTS));
        boolean sorted = group.size() == 1 && group.get(0).deletedCount() == 0 && group.get(0).keyStats() != null
            && group.get(0).keyStats().fieldId() == key.id();
        if (!sorted) { // a single clean segment already has its one range
          job.plans.add(new Plan(shard.index(), group.stream().map(Segment::id).toList()));
        }
      }
    }
    if (job.plans.isEmpty()) {
      job.state = State.COMPLETED;
      return job;
    }
    runner.execute(() -> run(c, job));
    return job;
  }

  /** Most segments one clustering plan rewrites (inputs and outputs share one catalog transaction). */
  static final int MAX_CLUSTERING_INPUTS = 45;

  public Job job(long id) {
    return jobs.get(id);
  }

  private void run(Collection c, Job job) {
    boolean failed = false;
    for (Plan p : job.plans) {
      try {
        Shard shard = c.shards()[p.shard];
        List<Segment> inputs = new ArrayList<>();
        for (Segment seg : shard.segments()) {
          if (p.sources.contains(seg.id())) {
            inputs.add(seg);
          }
        }
        if (inputs.size() != p.sources.size()) {
          throw new IllegalStateException("segments of the plan changed before it ran");
        }
        if (job.clusteringKey != null) {
          List<Segment> outs = plane.durability().compact(c, shard, inputs, c.expireBeforeTimestamp(), job.clusteringKey,
              plane.config().maxSegmentRows());
          p.targets = outs.stream().map(Segment::id).toList();
          p.target = outs.isEmpty() ? 0 : outs.get(0).id();
        } else {
          Segment out = plane.durability().compact(c, shard, inputs, c.expireBeforeTimestamp());
          p.target = out == null ? 0 : out.id();
          p.targets = out == null ? List.of() : List.of(out.id());
        }
        p.state = State.COMPLETED;
      } catch (IOException | RuntimeException e) {
        failed = true;
        p.state = State.FAILED;
        job.failure = e.toString();
        LOG.error("compaction of collection {} failed", c.info().name(), e);
      }
    }
    job.state = failed ? State.FAILED : State.COMPLETED;
  }

  /** Automatic pass over every collection: rewrite segments with many deletes, merge small ones. */
  void compactAllAutomatically() {
    for (Collection c : plane.allCollections()) {
      try {
        boolean any = false;
        for (Shard shard : c.shards()) {
          any |= !plan(c, shard, false).isEmpty();
        }
        if (any) {
          Job job = new Job(ids.incrementAndGet(), c.id());
          for (Shard shard : c.shards()) {
            for (List<Segment> group : plan(c, shard, false)) {
              job.plans.add(new Plan(shard.index(), group.stream().map(Segment::id).toList()));
            }
          }
          jobs.put(job.id(), job);
          run(c, job);
        }
      } catch (RuntimeException e) {
        LOG.warn("automatic compaction of {} failed", c.info().name(), e);
      }
    }
  }

  /**
   * Groups the sealed, written segments of {@code shard} to compact. A segment qualifies when at
   * least {@code deleteRatio} of its rows are deleted, when it holds expired rows (manual only),
   * or when it is small (under half the segment size) and can be merged with another small one.
   */
  List<List<Segment>> plan(Collection c, Shard shard, boolean manual) {
    int maxRows = plane.config().maxSegmentRows();
    long expireBefore = c.expireBeforeTimestamp();
    Map<Long, List<Segment>> byPartition = new LinkedHashMap<>();
    for (Segment seg : shard.segments()) {
      if (seg.isSealed() && seg.rowCount() > 0) {
        byPartition.computeIfAbsent(seg.partitionId(), p -> new ArrayList<>()).add(seg);
      }
    }
    List<List<Segment>> groups = new ArrayList<>();
    for (List<Segment> segs : byPartition.values()) {
      List<Segment> rewrite = new ArrayList<>();
      List<Segment> small = new ArrayList<>();
      for (Segment seg : segs) {
        boolean manyDeletes = seg.deletedCount() >= Math.max(1, deleteRatio * seg.rowCount());
        boolean expired = manual && expireBefore > 0 && seg.minTimestamp() < expireBefore;
        boolean anyDeletes = manual && seg.deletedCount() > 0;
        if (seg.liveCount() < maxRows / 2) {
          small.add(seg);
        } else if (manyDeletes || expired || anyDeletes) {
          rewrite.add(seg);
        }
      }
      for (Segment seg : rewrite) {
        groups.add(List.of(seg));
      }
      small.sort(Comparator.comparingInt(Segment::liveCount));
      List<Segment> current = new ArrayList<>();
      long rows = 0;
      for (Segment seg : small) {
        if (!current.isEmpty() && (rows + seg.liveCount() > maxRows || current.size() >= MAX_INPUTS)) {
          addGroup(groups, current, manual);
          current = new ArrayList<>();
          rows = 0;
        }
        current.add(seg);
        rows += seg.liveCount();
      }
      addGroup(groups, current, manual);
    }
    return groups;
  }

  private void addGroup(List<List<Segment>> groups, List<Segment> group, boolean manual) {
    if (group.size() >= 2) {
      groups.add(List.copyOf(group));
    } else if (group.size() == 1) {
      Segment only = group.get(0);
      boolean worth = only.deletedCount() >= Math.max(1, deleteRatio * only.rowCount()) || (manual && only.deletedCount() > 0);
      if (worth) {
        groups.add(List.copyOf(group));
      }
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    runner.shutdownNow();
  }
}
