package io.quiver.server.runtime;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.collection.CollectionInfo;
import io.quiver.engine.collection.IndexSpec;
import io.quiver.engine.collection.PartitionInfo;
import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.query.HybridRanker;
import io.quiver.engine.query.Hit;
import io.quiver.engine.query.QueryExecutor;
import io.quiver.engine.query.QuerySpec;
import io.quiver.engine.query.RowFilter;
import io.quiver.engine.query.SearchExecutor;
import io.quiver.engine.query.SearchSpec;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.vector.MetricType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read path: validates searches and queries against the schema and load state, compiles
 * filters, runs the engine's executors and returns hits plus the resolved output columns.
 * Stateless and thread safe.
 */
public final class DataReader {

  private final DataPlane plane;

  DataReader(DataPlane plane) {
    this.plane = plane;
  }

  /** A search as the client described it (names, not ids). */
  public record SearchInput(
      String annsField,
      String metricType,
      List<float[]> vectors,
      int limit,
      int offset,
      String filter,
      Map<String, Object> templates,
      Map<String, String> params,
      Float radius,
      Float rangeFilter,
      String groupByField,
      int groupSize,
      boolean strictGroupSize,
      List<String> partitionNames,
      List<String> outputFields) {}

  /** Search results: best-first hits per query and the columns to return. */
  public record SearchOutput(List<List<Hit>> hits, OutputFields outputs, FieldSchema groupField, MetricType metric) {}

  public SearchOutput search(Collection collection, SearchInput in) {
    CollectionInfo info = collection.info();
    checkLoaded(collection);
    SearchSpec spec = plan(collection, in, in.limit(), in.offset());
    List<List<Hit>> hits = SearchExecutor.search(collection, spec);
    OutputFields outputs = OutputFields.resolve(info.schema(), in.outputFields(), false);
    return new SearchOutput(hits, outputs, spec.group() == null ? null : spec.group().field(), spec.metric());
  }

  /** A hybrid search: sub-searches fused by a ranker, then paged. */
  public SearchOutput hybridSearch(Collection collection, List<SearchInput> requests, HybridRanker ranker, int limit,
      int offset, List<String> outputFields) {
    CollectionInfo info = collection.info();
    checkLoaded(collection);
    if (requests.isEmpty()) {
      throw QuiverException.invalid("hybrid search needs at least one search request");
    }
    if (requests.size() > 1024) {
      throw QuiverException.invalid("hybrid search accepts at most 1024 search requests, got %d", requests.size());
    }
    checkWindow(limit, offset);
    int nq = requests.get(0).vectors().size();
    List<List<List<Hit>>> perRequest = new ArrayList<>();
    List<MetricType> metrics = new ArrayList<>();
    for (SearchInput r : requests) {
      if (r.vectors().size() != nq) {
        throw QuiverException.invalid("all search requests of a hybrid search must have the same nq (%d vs %d)", nq,
            r.vectors().size());
      }
      if (r.groupByField() != null && !r.groupByField().isEmpty()) {
        throw QuiverException.invalid("grouping is not supported inside the sub-requests of a hybrid search");
      }
      SearchSpec spec = plan(collection, r, r.limit(), 0);
      perRequest.add(SearchExecutor.search(collection, spec));
      metrics.add(spec.metric());
    }
    List<List<Hit>> fused = new ArrayList<>(nq);
    for (int q = 0; q < nq; q++) {
      List<List<Hit>> lists = new ArrayList<>();
      for (List<List<Hit>> r : perRequest) {
        lists.add(r.get(q));
      }
      List<Hit> ranked = HybridRanker.fuse(ranker, lists, metrics);
      int from = Math.min(offset, ranked.size());
      int to = Math.min(offset + limit, ranked.size());
      fused.add(new ArrayList<>(ranked.subList(from, to)));
    }
    OutputFields outputs = OutputFields.resolve(info.schema(), outputFields, false);
    return new SearchOutput(fused, outputs, null, null);
  }

  private SearchSpec plan(Collection collection, SearchInput in, int limit, int offset) {
    CollectionInfo info = collection.info();
    CollectionSchema schema = info.schema();
    FieldSchema field = annsField(schema, in.annsField());
    checkWindow(limit, offset);
    if (in.vectors().isEmpty()) {
      throw QuiverException.invalid("search needs at least one query vector (nq must be >= 1)");
    }
    if (in.vectors().size() > plane.config().maxTopK()) {
      throw QuiverException.invalid("nq (%d) must be at most %d", in.vectors().size(), plane.config().maxTopK());
    }
    for (int i = 0; i < in.vectors().size(); i++) {
      float[] v = in.vectors().get(i);
      if (v.length != field.dim()) {
        throw QuiverException.invalid("the dimension of query vector %d (%d) does not match field %s (dim=%d)", i, v.length,
            field.name(), field.dim());
      }
      for (float x : v) {
        if (!Float.isFinite(x)) {
          throw QuiverException.invalid("query vector %d for field %s contains NaN or infinity", i, field.name());
        }
      }
    }
    IndexSpec index = info.indexOnField(field.id());
    if (index == null) {
      throw new QuiverException(ErrorCode.INDEX_NOT_FOUND, "there is no vector index on field: [" + field.name() + "]");
    }
    MetricType metric = MetricType.parse(index.metricType());
    if (in.metricType() != null && !in.metricType().isBlank()) {
      MetricType asked = MetricType.parse(in.metricType());
      if (asked != metric) {
        throw QuiverException.invalid("metric type not match: invalid parameter[expected=%s][actual=%s]", metric,
            in.metricType());
      }
    }
    RowFilter filter = plane.filters().compile(in.filter(), schema, in.templates());
    SearchSpec.Range range = null;
    if (in.radius() != null) {
      if (in.rangeFilter() != null) {
        boolean ok = metric.higherIsBetter() ? in.rangeFilter() > in.radius() : in.rangeFilter() < in.radius();
        if (!ok) {
          throw QuiverException.invalid("range_filter must be %s than radius for metric %s", metric.higherIsBetter()
              ? "greater" : "less", metric);
        }
      }
      range = new SearchSpec.Range(in.radius(), in.rangeFilter());
    } else if (in.rangeFilter() != null) {
      throw QuiverException.invalid("range_filter needs radius");
    }
    SearchSpec.Grouping group = null;
    if (in.groupByField() != null && !in.groupByField().isEmpty()) {
      FieldSchema g = schema.field(in.groupByField());
      if (g == null || g.dynamic()) {
        throw QuiverException.invalid("group_by_field %s does not exist", in.groupByField());
      }
      DataType t = g.type();
      if (!(t == DataType.BOOL || t.isInteger() || t == DataType.VARCHAR)) {
        throw QuiverException.invalid("group_by_field %s has type %s; grouping needs Bool, Int8-Int64 or VarChar", g.name(),
            t.milvusName());
      }
      int size = in.groupSize() <= 0 ? 1 : in.groupSize();
      if (size > 1024) {
        throw QuiverException.invalid("group_size %d exceeds the maximum 1024", size);
      }
      if ((long) size * (limit + offset) > plane.config().maxTopK()) {
        throw QuiverException.invalid("group_size * (limit + offset) = %d exceeds %d", (long) size * (limit + offset),
            plane.config().maxTopK());
      }
      group = new SearchSpec.Grouping(g, size, in.strictGroupSize());
    }
    Set<Long> partitions = partitionIds(collection, in.partitionNames());
    return new SearchSpec(field, metric, in.vectors(), limit, offset, filter, IndexParams.of(in.params()), range, group,
        partitions);
  }

  private void checkWindow(int limit, int offset) {
    int max = plane.config().maxTopK();
    if (limit < 1 || limit > max) {
      throw QuiverException.invalid("limit (topk) must be in range [1, %d], got %d", max, limit);
    }
    if (offset < 0 || (long) limit + offset > max) {
      throw QuiverException.invalid("(offset + limit) must be in range [1, %d], got offset %d and limit %d", max, offset, limit);
    }
  }

  private static FieldSchema annsField(CollectionSchema schema, String name) {
    List<FieldSchema> vectors = schema.vectorFields();
    if (name == null || name.isEmpty()) {
      if (vectors.size() != 1) {
        throw QuiverException.invalid("multiple anns_fields exist, please specify a anns_field in search_params");
      }
      return vectors.get(0);
    }
    FieldSchema f = schema.field(name);
    if (f == null || !f.type().isVector()) {
      throw QuiverException.invalid("anns_field %s is not a vector field of the collection", name);
    }
    return f;
  }

  /** Partition ids for names; null (every loaded partition) when none are named. */
  private Set<Long> partitionIds(Collection collection, List<String> names) {
    if (names == null || names.isEmpty()) {
      return null;
    }
    Set<Long> ids = new HashSet<>();
    for (String n : names) {
      PartitionInfo p = plane.partition(collection, n);
      if (!collection.isPartitionLoaded(p.id())) {
        throw new QuiverException(ErrorCode.COLLECTION_NOT_LOADED, "partition not loaded[partition=" + n + "]");
      }
      ids.add(p.id());
    }
    return ids;
  }

  private void checkLoaded(Collection collection) {
    if (!collection.isLoaded()) {
      throw new QuiverException(ErrorCode.COLLECTION_NOT_LOADED, "collection not loaded[collection="
          + collection.info().name() + "]");
    }
    plane.durability().checkDataAccess(collection);
    try {
      plane.durability().ensureLoaded(collection); // lazy load: the first read brings the segments in
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "collection " + collection.info().name()
          + " could not be loaded: its segments could not be read (" + e.getMessage() + ")", e);
    }
  }

  /** A query as the client described it. */
  public record QueryInput(String filter, Map<String, Object> templates, List<String> outputFields,
      List<String> partitionNames, long limit, long offset, boolean iterator) {}

  /** Query results: rows (or just a count) and the columns to return. */
  public record QueryOutput(List<Hit> rows, OutputFields outputs, Long count) {}

  public QueryOutput query(Collection collection, QueryInput in) {
    CollectionInfo info = collection.info();
    checkLoaded(collection);
    boolean count = in.outputFields().size() == 1 && OutputFields.COUNT_STAR.equalsIgnoreCase(in.outputFields().get(0).trim());
    boolean hasFilter = in.filter() != null && !in.filter().isBlank();
    if (in.limit() >= 0 || in.offset() > 0) {
      long limit = in.limit() < 0 ? 0 : in.limit();
      if (in.offset() < 0 || limit + in.offset() > plane.config().maxTopK() || (in.limit() == 0 && !count)) {
        throw QuiverException.invalid("invalid max query result window, (offset+limit) should be in range [1, %d], got offset %d and limit %d",
            plane.config().maxTopK(), in.offset(), in.limit());
      }
    }
    if (!hasFilter && in.limit() < 0 && !count) {
      throw QuiverException.invalid("empty expression should be used with limit");
    }
    RowFilter filter = plane.filters().compile(in.filter(), info.schema(), in.templates());
    Set<Long> partitions = partitionIds(collection, in.partitionNames());
    if (count) {
      long n = QueryExecutor.count(collection, new QuerySpec(filter, partitions, -1, 0, false));
      return new QueryOutput(List.of(), null, n);
    }
    OutputFields outputs = OutputFields.resolve(info.schema(), in.outputFields().isEmpty() ? List.of() : in.outputFields(),
        true);
    boolean ordered = in.limit() >= 0 || in.offset() > 0 || in.iterator();
    List<Hit> rows = QueryExecutor.query(collection, new QuerySpec(filter, partitions, in.limit(), in.offset(), ordered));
    if (rows.size() > plane.config().maxQueryResultRows()) {
      throw QuiverException.invalid("query result has %d rows, more than the maximum %d: add a limit or narrow the filter",
          rows.size(), plane.config().maxQueryResultRows());
    }
    return new QueryOutput(rows, outputs, null);
  }
}
