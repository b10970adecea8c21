package io.quiver.engine.query;

import io.quiver.engine.segment.Segment;

/**
 * One search or query result row: where it lives, its primary key and (for searches) its score
 * in the metric's Milvus convention.
 */
public record Hit(Segment segment, int row, Object primaryKey, float score) {}
