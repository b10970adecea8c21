package io.quiver.engine.query;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.index.SearchHits;
import io.quiver.engine.index.TopKCollector;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnReader;
import io.quiver.engine.segment.Segment;
import io.quiver.engine.segment.Shard;
import io.quiver.engine.segment.VectorReader;
import io.quiver.engine.util.FixedBitSet;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link SearchSpec} over the loaded segments of a collection: per segment it combines
 * visibility at the shard's applied timestamp, deletes and the filter into one accept set, asks
 * the segment's vector index (or scans exactly when there is none), then merges per-segment
 * top-k lists, applies range bounds, grouping and offset.
 *
 * <p>Stateless and thread safe.
 */
public final class SearchExecutor {

  private SearchExecutor() {}

  /** One segment to search: its rows at the snapshot and the rows it may return. */
  record Target(Segment segment, int rows, FixedBitSet accept, int acceptCount) {}

  /** Best-first results per query. */
  public static List<List<Hit>> search(Collection collection, SearchSpec spec) {
    List<Target> targets = prepare(collection, spec);
    List<List<Hit>> results = new ArrayList<>(spec.queries().size());
    for (float[] query : spec.queries()) {
      float[] q = spec.metric() == MetricType.COSINE ? VectorUtil.normalized(query) : query;
      if (spec.group() != null) {
        results.add(groupedSearch(targets, spec, q));
      } else {
        int k = spec.limit() + spec.offset();
        List<Hit> merged = topK(targets, spec, q, k);
        results.add(merged.size() <= spec.offset() ? List.of() : List.copyOf(merged.subList(spec.offset(), merged.size())));
      }
    }
    return results;
  }

  private static final java.util.concurrent.atomic.LongAdder PRUNED_SEGMENTS = new java.util.concurrent.atomic.LongAdder();

  /**
   * How many times (since the process started) a query or search skipped a segment because the
   * filter cannot match its clustering / partition key range.
   */
  public static long prunedSegments() {
    return PRUNED_SEGMENTS.sum();
  }

  /** Computes the accept set of every loaded segment once for all queries of the request. */
  static List<Target> prepare(Collection collection, SearchSpec spec) {
    List<Target> targets = new ArrayList<>();
    long expireBefore = collection.expireBeforeTimestamp();
    for (Shard shard : collection.shards()) {
      long ts = shard.appliedTimestamp();
      for (Segment seg : shard.segments()) {
        if (spec.partitions() != null ? !spec.partitions().contains(seg.partitionId())
            : !collection.isPartitionLoaded(seg.partitionId())) {
          continue;
        }
        Target t = target(seg, ts, expireBefore, spec.filter());
        if (t != null) {
          targets.add(t);
        }
      }
    }
    return targets;
  }

  /**
   * The accept set of {@code seg} at {@code ts} under {@code filter}, without rows written before
   * {@code expireBefore} (0: none expire); null when nothing matches.
   */
  static Target target(Segment seg, long ts, long expireBefore, RowFilter filter) {
    int rows = seg.rowCount();
    if (rows == 0) {
      return null;
    }
    io.quiver.engine.segment.KeyStats keys = seg.keyStats();
    if (keys != null && !filter.matchesAll() && !filter.mayMatch(keys)) {
      PRUNED_SEGMENTS.increment();
      return null; // the key range rules every row out
    }
    FixedBitSet accept = seg.visibility(rows, ts);
    if (expireBefore > 0 && seg.minTimestamp() < expireBefore) {
      FixedBitSet live = accept == null ? FixedBitSet.allSet(rows) : accept;
      for (int row = 0; row < rows; row++) {
        if (seg.timestamp(row) < expireBefore) {
          live.clear(row);
        }
      }
      accept = live;
    }
    if (!filter.matchesAll()) {
      FixedBitSet matched = filter.evaluate(seg);
      if (matched.length() != rows) {
        matched = matched.resized(rows);
      }
      accept = accept == null ? matched : accept.and(matched);
    }
    int count = accept == null ? rows : accept.cardinality();
    if (count == 0) {
      return null;
    }
    return new Target(seg, rows, accept, count);
  }

  private static final Comparator<Hit> BEST_FIRST_HIGH =
      Comparator.comparingDouble((Hit h) -> -h.score()).thenComparingLong(h -> h.segment().id()).thenComparingInt(Hit::row);
  private static final Comparator<Hit> BEST_FIRST_LOW =
      Comparator.comparingDouble(Hit::score).thenComparingLong((Hit h) -> h.segment().id()).thenComparingInt(Hit::row);

  static Comparator<Hit> order(MetricType metric) {
    return metric.higherIsBetter() ? BEST_FIRST_HIGH : BEST_FIRST_LOW;
  }

  /** The best {@code k} hits over all targets, best first, within the range if any. */
  static List<Hit> topK(List<Target> targets, SearchSpec spec, float[] q, int k) {
    List<Hit> all = new ArrayList<>();
    for (Target t : targets) {
      all.addAll(searchTarget(t, spec, q, k));
    }
    all.sort(order(spec.metric()));
    return all.size() > k ? new ArrayList<>(all.subList(0, k)) : all;
  }

  /** Up to {@code k} best hits of one segment. */
  static List<Hit> searchTarget(Target t, SearchSpec spec, float[] q, int k) {
    FieldSchema field = spec.annsField();
    VectorIndex index = t.segment().index(field.id());
    SearchSpec.Range range = spec.range();
    if (index == null || index.size() != t.rows()) {
      return exact(t, field, spec.metric(), q, k, range);
    }
    int want = Math.min(k, t.acceptCount());
    int ask = want;
    while (true) {
      SearchHits hits = index.search(q, ask, t.accept(), spec.searchParams());
      List<Hit> out = new ArrayList<>(Math.min(hits.count(), want));
      boolean beyondRadius = false;
      for (int i = 0; i < hits.count() && out.size() < want; i++) {
        float score = hits.score(i);
        if (range != null && !range.accepts(spec.metric(), score)) {
          if (!spec.metric().better(score, range.radius())) {
            beyondRadius = true; // best-first: every later hit is outside the radius too
          }
          continue;
        }
        int row = hits.ord(i);
        out.add(new Hit(t.segment(), row, t.segment().primaryKey(row), score));
      }
      // Without a range the index answered exactly what was asked. With a range, widen while
      // results inside the radius may still be missing.
      if (range == null || out.size() >= want || beyondRadius || hits.count() < ask || ask >= t.acceptCount()) {
        return out;
      }
      ask = (int) Math.min((long) ask * 4, t.acceptCount());
    }
  }

  /** Exact scan of the accepted rows of one segment. */
  static List<Hit> exact(Target t, FieldSchema field, MetricType metric, float[] q, int k, SearchSpec.Range range) {
    Segment seg = t.segment();
    VectorReader vectors = seg.vectorReader(field.id());
    if (vectors == null) {
      return List.of();
    }
    float[] scratch = new float[vectors.dimension()];
    TopKCollector collector = new TopKCollector(Math.min(k, t.acceptCount()), metric);
    FixedBitSet accept = t.accept();
    ColumnReader nulls = seg.column(field.id());
    boolean nullable = field.nullable();
    for (int row = 0; row < t.rows(); row++) {
      if (accept != null && !accept.get(row)) {
        continue;
      }
      if (nullable && nulls.isNull(row)) {
        continue;
      }
      float score = vectors.score(metric, q, row, scratch);
      if (range != null && !range.accepts(metric, score)) {
        continue;
      }
      collector.collect(row, score);
    }
    SearchHits hits = collector.toHits();
    List<Hit> out = new ArrayList<>(hits.count());
    for (int i = 0; i < hits.count(); i++) {
      out.add(new Hit(seg, hits.ord(i), seg.primaryKey(hits.ord(i)), hits.score(i)));
    }
    return out;
  }

  /**
   * Grouping search: up to {@code limit} groups (after {@code offset} groups), each with up to
   * {@code groupSize} hits, groups ordered by their best hit. Widens the candidate window until
   * enough groups are found (and, when strict, filled) or every accepted row was seen.
   */
  static List<Hit> groupedSearch(List<Target> targets, SearchSpec spec, float[] q) {
    SearchSpec.Grouping g = spec.group();
    int groupsWanted = spec.limit() + spec.offset();
    long accepted = 0;
    for (Target t : targets) {
      accepted += t.acceptCount();
    }
    int window = Math.max(groupsWanted * g.groupSize() * 2, 32);
    while (true) {
      List<Hit> candidates = topK(targets, spec, q, (int) Math.min(window, accepted));
      Map<Object, List<Hit>> groups = new LinkedHashMap<>();
      for (Hit h : candidates) {
        Object key = groupKey(h, g.field());
        List<Hit> members = groups.get(key);
        if (members == null) {
          if (groups.size() >= groupsWanted) {
            continue;
          }
          members = new ArrayList<>(g.groupSize());
          groups.put(key, members);
        }
        if (members.size() < g.groupSize()) {
          members.add(h);
        }
      }
      boolean exhausted = candidates.size() >= accepted || window >= accepted;
      boolean enoughGroups = groups.size() >= groupsWanted;
      boolean filled = !g.strict() || groups.values().stream().allMatch(m -> m.size() >= g.groupSize());
      if (exhausted || (enoughGroups && filled)) {
        List<Hit> out = new ArrayList<>();
        int skipped = 0;
        for (List<Hit> members : groups.values()) {
          if (skipped++ < spec.offset()) {
            continue;
          }
          out.addAll(members);
        }
        return out;
      }
      window = (int) Math.min((long) window * 4, accepted);
    }
  }

  /** The grouping value of a hit (null values form their own group). */
  public static Object groupKey(Hit h, FieldSchema field) {
    ColumnReader c = h.segment().column(field.id());
    Object v = c.getObject(h.row());
    return v == null ? NullKey.INSTANCE : v;
  }

  /** Stands for the null group (maps cannot hold a null key next to LinkedHashMap semantics). */
  enum NullKey {
    INSTANCE
  }

  /** Deduplicates hits by primary key, keeping the first (best) occurrence. */
  public static List<Hit> distinctByKey(List<Hit> hits) {
    Map<Object, Hit> seen = new HashMap<>();
    List<Hit> out = new ArrayList<>(hits.size());
    for (Hit h : hits) {
      if (seen.putIfAbsent(Objects.requireNonNull(h.primaryKey()), h) == null) {
        out.add(h);
      }
    }
    return out;
  }
}
