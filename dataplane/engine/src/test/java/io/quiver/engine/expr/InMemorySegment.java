package io.quiver.engine.expr;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.AppendColumn;
import io.quiver.engine.segment.ColumnData;
import io.quiver.engine.segment.ColumnReader;
import io.quiver.engine.segment.ConstantColumn;
import io.quiver.engine.segment.SegmentView;
import java.lang.reflect.Array;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test segment: rows given as maps from field name to engine value (null or absent = null
 * cell), stored in the engine's real append-only columns. Fields of the schema that no row
 * mentions read as the type's placeholder; {@code omitted} fields (and vectors) read as {@link
 * ConstantColumn}s, like a field added after the segment was written.
 */
final class InMemorySegment implements SegmentView {

  private final CollectionSchema schema;
  private final int rows;
  private final Map<Long, ColumnReader> columns = new HashMap<>();

  InMemorySegment(CollectionSchema schema, List<Map<String, Object>> rows, String... omitted) {
    this.schema = schema;
    this.rows = rows.size();
    List<String> skip = List.of(omitted);
    for (FieldSchema f : schema.fields()) {
      if (skip.contains(f.name()) || f.type().isVector()) {
        columns.put(f.id(), new ConstantColumn(f));
        continue;
      }
      AppendColumn column = AppendColumn.create(f, rows.size());
      Object values = Array.newInstance(ColumnData.arrayClass(f.type()).getComponentType(), rows.size());
      boolean[] valid = new boolean[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        Object v = rows.get(i).get(f.name());
        valid[i] = v != null;
        if (v != null) {
          Array.set(values, i, v);
        }
      }
      if (!rows.isEmpty()) {
        column.append(new ColumnData(f, rows.size(), values, f.nullable() ? valid : null), 0, rows.size());
      }
      columns.put(f.id(), column);
    }
  }

  @Override
  public CollectionSchema schema() {
    return schema;
  }

  @Override
  public int rowCount() {
    return rows;
  }

  @Override
  public ColumnReader column(long fieldId) {
    return columns.get(fieldId);
  }
}
