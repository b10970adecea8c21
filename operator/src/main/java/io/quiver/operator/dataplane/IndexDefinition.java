package io.quiver.operator.dataplane;

import java.util.Map;

/**
 * An index, in data-plane terms.
 *
 * @param fieldName indexed field
 * @param indexName index name
 * @param indexType index type in upper case (HNSW, AUTOINDEX, INVERTED, TRIE, ...)
 * @param metricType metric, or null for scalar indexes and where the data plane's default applies
 * @param params build parameters as strings
 */
public record IndexDefinition(String fieldName, String indexName, String indexType, String metricType,
    Map<String, String> params) {}
