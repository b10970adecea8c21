package io.quiver.engine.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.schema.FieldSchema;
import java.util.List;

/**
 * Read access to one field's values in a segment, by row position. Only the accessor that
 * matches the field's type may be called ({@link #getObject} works for every type):
 *
 * <ul>
 *   <li>BOOL: {@link #getBool}
 *   <li>INT8, INT16, INT32, INT64: {@link #getLong}
 *   <li>FLOAT, DOUBLE: {@link #getDouble}
 *   <li>VARCHAR: {@link #getString}
 *   <li>JSON (and the dynamic field): {@link #getJson}
 *   <li>ARRAY: {@link #getArray} (elements in the engine's representation, see {@code Values})
 *   <li>FLOAT_VECTOR: {@link #getFloatVector}
 * </ul>
 *
 * <p>For a null cell ({@link #isNull} true) the typed accessors return an unspecified value.
 * Readers are safe for concurrent use for rows below the segment's published row count.
 */
public interface ColumnReader {

  FieldSchema field();

  boolean isNull(int row);

  boolean getBool(int row);

  long getLong(int row);

  double getDouble(int row);

  String getString(int row);

  /** The JSON value; {@code null} for a null cell. */
  JsonNode getJson(int row);

  List<Object> getArray(int row);

  /** Copies the vector of {@code row} into {@code dst[offset ..]}. */
  void getFloatVector(int row, float[] dst, int offset);

  /** The value in the engine's Java representation, or {@code null} for a null cell. */
  Object getObject(int row);
}
