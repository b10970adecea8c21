package io.quiver.engine.query;

import io.quiver.engine.index.IndexParams;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.vector.MetricType;
import java.util.List;
import java.util.Set;

/**
 * A validated vector search over one collection.
 *
 * @param annsField the vector field searched
 * @param metric the metric (must be the field's index metric)
 * @param queries query vectors, each of the field's dimension (COSINE queries need not be unit length)
 * @param limit hits per query (topk), at least 1
 * @param offset hits to skip per query
 * @param filter row filter
 * @param searchParams index search parameters (ef, nprobe, ...)
 * @param range range search bounds, or null
 * @param group grouping, or null
 * @param partitions partition ids to search; null for every loaded partition
 */
public record SearchSpec(
    FieldSchema annsField,
    MetricType metric,
    List<float[]> queries,
    int limit,
    int offset,
    RowFilter filter,
    IndexParams searchParams,
    Range range,
    Grouping group,
    Set<Long> partitions) {

  /**
   * Range search bounds in the metric's convention: for L2 {@code rangeFilter <= d < radius};
   * for IP and COSINE {@code radius < s <= rangeFilter}. {@code rangeFilter} may be null.
   */
  public record Range(float radius, Float rangeFilter) {

    public boolean accepts(MetricType metric, float score) {
      if (metric.higherIsBetter()) {
        return score > radius && (rangeFilter == null || score <= rangeFilter);
      }
      return score < radius && (rangeFilter == null || score >= rangeFilter);
    }
  }

  /** Grouping search: at most {@code groupSize} hits per distinct value of {@code field}. */
  public record Grouping(FieldSchema field, int groupSize, boolean strict) {}
}
