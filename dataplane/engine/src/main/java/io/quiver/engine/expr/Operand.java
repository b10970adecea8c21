package io.quiver.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnReader;
import io.quiver.engine.segment.SegmentView;
import java.util.List;

/**
 * A typed value-producing node: a constant, a column, a JSON path, an array element or length,
 * or arithmetic over those. {@link #bind} gives a reader over one segment's rows.
 */
sealed interface Operand {

  /** The static type class of an operand, used by the type checker. */
  enum Kind {
    INT, FLOAT, /** a number of either kind, known only per row (arithmetic over JSON). */ NUMBER,
    STRING, BOOL, /** any JSON value, known only per row. */ JSON, ARRAY, /** a list constant. */ LIST,
    /** a JSON object constant (from a template list). */ OBJECT;

    boolean isNumeric() {
      return this == INT || this == FLOAT || this == NUMBER;
    }

    static Kind of(DataType type) {
      return switch (type) {
        case BOOL -> BOOL;
        case INT8, INT16, INT32, INT64 -> INT;
        case FLOAT, DOUBLE -> FLOAT;
        case VARCHAR, STRING -> STRING;
        case JSON -> JSON;
        case ARRAY -> ARRAY;
        default -> null;
      };
    }
  }

  Kind kind();

  /** How messages name this operand: {@code Int64 field 'age'}, {@code Int64 value}, ... */
  String describe();

  RowReader bind(SegmentView segment);

  /** Whether values are single-precision floats: constants compared with it are rounded to float. */
  default boolean float32() {
    return false;
  }

  /** Reads the operand's value of a row; {@code null} means unknown. */
  @FunctionalInterface
  interface RowReader {
    Object get(int row);
  }

  /** A literal or a folded constant expression. */
  record Const(Object value) implements Operand {
    @Override
    public Kind kind() {
      return switch (value) {
        case Long ignored -> Kind.INT;
        case Double ignored -> Kind.FLOAT;
        case String ignored -> Kind.STRING;
        case Boolean ignored -> Kind.BOOL;
        case List<?> ignored -> Kind.LIST;
        default -> Kind.OBJECT;
      };
    }

    @Override
    public String describe() {
      return Values.typeName(value) + " value";
    }

    @Override
    public RowReader bind(SegmentView segment) {
      return row -> value;
    }
  }

  /** A scalar, JSON or Array column read whole. */
  record Column(FieldSchema field) implements Operand {
    @Override
    public Kind kind() {
      return Kind.of(field.type());
    }

    @Override
    public boolean float32() {
      return field.type() == DataType.FLOAT;
    }

    @Override
    public String describe() {
      return field.type().milvusName() + " field '" + field.name() + "'";
    }

    @Override
    public RowReader bind(SegmentView segment) {
      ColumnReader c = segment.column(field.id());
      return switch (field.type()) {
        case BOOL -> row -> c.isNull(row) ? null : c.getBool(row);
        case INT8, INT16, INT32, INT64 -> row -> c.isNull(row) ? null : c.getLong(row);
        case FLOAT, DOUBLE -> row -> c.isNull(row) ? null : c.getDouble(row);
        case VARCHAR, STRING -> row -> c.isNull(row) ? null : c.getString(row);
        case JSON -> row -> c.isNull(row) ? null : Values.fromJson(c.getJson(row));
        case ARRAY -> row -> c.isNull(row) ? null : c.getArray(row);
        default -> throw new IllegalStateException("unfilterable field " + field.name());
      };
    }
  }

  /** A key path into a JSON field ({@code meta["a"][0]}, or a dynamic key {@code a}). */
  record JsonPath(FieldSchema field, List<Object> path, String text) implements Operand {
    @Override
    public Kind kind() {
      return Kind.JSON;
    }

    @Override
    public String describe() {
      return "JSON value " + text;
    }

    @Override
    public RowReader bind(SegmentView segment) {
      ColumnReader c = segment.column(field.id());
      return row -> {
        if (c.isNull(row)) {
          return null;
        }
        JsonNode root = c.getJson(row);
        return root == null ? null : Values.fromJson(Values.navigate(root, path));
      };
    }
  }

  /** One element of an Array field, {@code arr[2]}; unknown when the index is out of bounds. */
  record ArrayElement(FieldSchema field, int index, String text) implements Operand {
    @Override
    public Kind kind() {
      return Kind.of(field.elementType());
    }

    @Override
    public boolean float32() {
      return field.elementType() == DataType.FLOAT;
    }

    @Override
    public String describe() {
      return field.elementType().milvusName() + " element " + text;
    }

    @Override
    public RowReader bind(SegmentView segment) {
      ColumnReader c = segment.column(field.id());
      return row -> {
        if (c.isNull(row)) {
          return null;
        }
        List<Object> a = c.getArray(row);
        return a == null || index >= a.size() ? null : Values.fromEngine(a.get(index));
      };
    }
  }

  /** {@code array_length(x)} of an Array field or a JSON path; unknown unless x is an array. */
  record ArrayLength(Operand target, String text) implements Operand {
    @Override
    public Kind kind() {
      return Kind.INT;
    }

    @Override
    public String describe() {
      return text;
    }

    @Override
    public RowReader bind(SegmentView segment) {
      RowReader r = target.bind(segment);
      return row -> {
        Object v = r.get(row);
        return v != null && Values.isArray(v) ? (long) Values.length(v) : null;
      };
    }
  }

  /**
   * Arithmetic. Integer operands give int64 results, a float operand gives a double; integer
   * division or remainder by zero, NaN results of {@code %} with non-integers, and non-numeric
   * JSON operands give unknown.
   */
  record Arith(ArithOp op, Operand left, Operand right, Kind kind) implements Operand {
    @Override
    public String describe() {
      return "arithmetic expression";
    }

    @Override
    public RowReader bind(SegmentView segment) {
      RowReader l = left.bind(segment);
      RowReader r = right.bind(segment);
      return row -> {
        Object a = l.get(row);
        if (!(a instanceof Long || a instanceof Double)) {
          return null;
        }
        Object b = r.get(row);
        if (!(b instanceof Long || b instanceof Double)) {
          return null;
        }
        return apply(op, a, b);
      };
    }

    /** {@code a op b} on normalized numbers; {@code null} when undefined. */
    static Object apply(ArithOp op, Object a, Object b) {
      if (a instanceof Long x && b instanceof Long y && op != ArithOp.POW) {
        if ((op == ArithOp.DIV || op == ArithOp.MOD) && y == 0) {
          return null;
        }
        return op.apply(x, y);
      }
      if (op == ArithOp.MOD) {
        return null;
      }
      return op.apply(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }
  }
}
