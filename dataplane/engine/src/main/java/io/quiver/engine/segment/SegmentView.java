package io.quiver.engine.segment;

import io.quiver.engine.schema.CollectionSchema;

/**
 * A consistent, read-only view of a segment's rows {@code [0, rowCount())}: what filter
 * evaluation and result assembly read. Safe for concurrent use.
 */
public interface SegmentView {

  CollectionSchema schema();

  int rowCount();

  /**
   * The column of field {@code fieldId}. A field added to the schema after this segment was
   * written reads as all-null (or its default value).
   */
  ColumnReader column(long fieldId);
}
