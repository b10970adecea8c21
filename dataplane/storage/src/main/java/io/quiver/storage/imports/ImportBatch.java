package io.quiver.storage.imports;

import io.quiver.engine.segment.ColumnData;
import java.util.Map;

/**
 * Consecutive rows of an import file, converted and validated.
 *
 * @param columns one column per field id: every field of the schema (the dynamic {@code $meta}
 *     field included when enabled) except an autoID primary key, which is present only when the
 *     file supplies it and {@link ImportOptions#allowAutoIdKeys()} allows it; ordered as the
 *     schema's fields
 * @param rows number of rows, at least 1
 * @param firstRow the 0-based file row of the batch's first row
 */
public record ImportBatch(Map<Long, ColumnData> columns, int rows, long firstRow) {

  public ImportBatch {
    columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
  }
}
