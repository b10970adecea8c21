package io.quiver.operator.dataplane;

import java.util.Map;

/**
 * An index, in data-plane terms.
 *
 * @param fieldName indexed field
 * @param indexName index name
 * @param indexType index type (HNSW, AUTOINDEX, ...)
 * @param metricType metric, or null for scalar indexes
 * @param params build parameters
 */
public record IndexDefinition(String fieldName, String indexName, String indexType, String metricType,
    Map<String, String> params) {}
