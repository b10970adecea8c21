package io.quiver.engine.segment;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import java.util.Comparator;

/**
 * The smallest and largest non-null value of a segment's clustering (or partition) key field, so
 * that filters on the key can skip segments whose range cannot match. Values are Long (integer
 * fields), Double (floating fields, NaN ignored) or String (VarChar). Immutable.
 *
 * @param fieldId the key field
 * @param min smallest value, or null when every cell is null
 * @param max largest value, or null when every cell is null
 */
public record KeyStats(long fieldId, Object min, Object max) {

  /**
   * The field that clustering compaction sorts by and whose range segments record: the
   * clustering key when the schema has a sortable one, else the partition key; null for none.
   */
  public static FieldSchema keyField(CollectionSchema schema) {
    for (FieldSchema f : schema.fields()) {
      if (f.clusteringKey() && sortable(f.type())) {
        return f;
      }
    }
    FieldSchema pk = schema.partitionKeyField();
    return pk != null && sortable(pk.type()) ? pk : null;
  }

  /** Whether values of {@code type} can be ordered for clustering (integers, floats, VarChar). */
  public static boolean sortable(DataType type) {
    return type.isInteger() || type.isFloatingPoint() || type == DataType.VARCHAR;
  }

  /** The key of {@code row} as a Long, Double or String; null for a null cell or NaN. */
  public static Object value(ColumnReader c, int row) {
    if (c.isNull(row)) {
      return null;
    }
    DataType t = c.field().type();
    if (t.isInteger()) {
      return c.getLong(row);
    }
    if (t.isFloatingPoint()) {
      double d = c.getDouble(row);
      return Double.isNaN(d) ? null : d + 0.0; // -0.0 -> 0.0
    }
    return c.getString(row);
  }

  /** Orders Long, Double or String keys of one field; nulls last. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static final Comparator<Object> ORDER = Comparator.nullsLast((a, b) -> ((Comparable) a).compareTo(b));

  /** The range of {@code field} over the first {@code rows} rows of {@code seg} (deleted rows included). */
  public static KeyStats of(Segment seg, FieldSchema field, int rows) {
    ColumnReader c = seg.column(field.id());
    Object min = null;
    Object max = null;
    for (int row = 0; row < rows; row++) {
      Object v = value(c, row);
      if (v == null) {
        continue;
      }
      if (min == null || ORDER.compare(v, min) < 0) {
        min = v;
      }
      if (max == null || ORDER.compare(v, max) > 0) {
        max = v;
      }
    }
    return new KeyStats(field.id(), min, max);
  }
}
