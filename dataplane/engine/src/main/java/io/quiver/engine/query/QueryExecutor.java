package io.quiver.engine.query;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.segment.Segment;
import io.quiver.engine.segment.Shard;
import io.quiver.engine.util.FixedBitSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a {@link QuerySpec}: the rows visible at each shard's applied timestamp that match the
 * filter. Stateless and thread safe.
 */
public final class QueryExecutor {

  private QueryExecutor() {}

  /** Matching rows: sorted by primary key when the spec asks for it, paged by offset and limit. */
  public static List<Hit> query(Collection collection, QuerySpec spec) {
    List<Hit> out = new ArrayList<>();
    long needed = spec.limit() < 0 ? Long.MAX_VALUE : spec.offset() + spec.limit();
    boolean sorted = spec.orderByPrimaryKey();
    for (SearchExecutor.Target t : targets(collection, spec)) {
      Segment seg = t.segment();
      FixedBitSet accept = t.accept();
      for (int row = 0; row < t.rows(); row++) {
        if (accept != null && !accept.get(row)) {
          continue;
        }
        out.add(new Hit(seg, row, seg.primaryKey(row), 0f));
        if (!sorted && out.size() >= needed) {
          break;
        }
      }
      if (!sorted && out.size() >= needed) {
        break;
      }
    }
    if (sorted) {
      out.sort(PK_ORDER);
    }
    int from = (int) Math.min(spec.offset(), out.size());
    int to = (int) Math.min(needed, out.size());
    return from == 0 && to == out.size() ? out : new ArrayList<>(out.subList(from, to));
  }

  /** Number of matching rows. */
  public static long count(Collection collection, QuerySpec spec) {
    long count = 0;
    for (SearchExecutor.Target t : targets(collection, spec)) {
      count += t.acceptCount();
    }
    return count;
  }

  private static List<SearchExecutor.Target> targets(Collection collection, QuerySpec spec) {
    List<SearchExecutor.Target> targets = new ArrayList<>();
    long expireBefore = collection.expireBeforeTimestamp();
    for (Shard shard : collection.shards()) {
      long ts = shard.appliedTimestamp();
      for (Segment seg : shard.segments()) {
        if (spec.partitions() != null ? !spec.partitions().contains(seg.partitionId())
            : !collection.isPartitionLoaded(seg.partitionId())) {
          continue;
        }
        SearchExecutor.Target t = SearchExecutor.target(seg, ts, expireBefore, spec.filter());
        if (t != null) {
          targets.add(t);
        }
      }
    }
    return targets;
  }

  /** Int64 keys numerically, VarChar keys by String order. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static final Comparator<Hit> PK_ORDER = (a, b) -> ((Comparable) a.primaryKey()).compareTo(b.primaryKey());
}
