package io.quiver.engine.collection;

import java.util.Map;

/**
 * An index declared on a field (CreateIndex). Immutable.
 *
 * @param id index id, unique in the collection
 * @param name index name (defaults to the field name)
 * @param fieldId indexed field
 * @param indexType canonical type as the client named it after AUTOINDEX resolution is NOT applied
 *     ({@code AUTOINDEX}, {@code HNSW}, {@code INVERTED}, ...)
 * @param metricType metric name for vector indexes ({@code L2}, {@code IP}, {@code COSINE}); empty for scalar
 * @param params build parameters as sent (M, efConstruction, nlist, ...), without index_type/metric_type
 * @param createdTimestamp when it was created
 */
public record IndexSpec(
    long id, String name, long fieldId, String indexType, String metricType, Map<String, String> params, long createdTimestamp) {

  public IndexSpec {
    params = params == null ? Map.of() : Map.copyOf(params);
    metricType = metricType == null ? "" : metricType;
  }
}
