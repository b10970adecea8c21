package io.quiver.engine.schema;

import java.util.HashMap;
import java.util.Map;

/** Field data types, numbered as in Milvus's {@code schema.DataType}. */
public enum DataType {
  NONE(0),
  BOOL(1),
  INT8(2),
  INT16(3),
  INT32(4),
  INT64(5),
  FLOAT(10),
  DOUBLE(11),
  STRING(20),
  VARCHAR(21),
  ARRAY(22),
  JSON(23),
  BINARY_VECTOR(100),
  FLOAT_VECTOR(101),
  FLOAT16_VECTOR(102),
  BFLOAT16_VECTOR(103),
  SPARSE_FLOAT_VECTOR(104),
  INT8_VECTOR(105);

  private static final Map<Integer, DataType> BY_CODE = new HashMap<>();

  static {
    for (DataType t : values()) {
      BY_CODE.put(t.code, t);
    }
  }

  private final int code;

  DataType(int code) {
    this.code = code;
  }

  /** The Milvus wire number. */
  public int code() {
    return code;
  }

  /** The type with Milvus number {@code code}, or {@code null}. */
  public static DataType fromCode(int code) {
    return BY_CODE.get(code);
  }

  public boolean isVector() {
    return code >= 100 && code < 200;
  }

  /** Bool, integers, floats: the types whose values are held in primitive columns. */
  public boolean isScalarPrimitive() {
    return switch (this) {
      case BOOL, INT8, INT16, INT32, INT64, FLOAT, DOUBLE -> true;
      default -> false;
    };
  }

  public boolean isInteger() {
    return this == INT8 || this == INT16 || this == INT32 || this == INT64;
  }

  public boolean isFloatingPoint() {
    return this == FLOAT || this == DOUBLE;
  }

  public boolean isNumeric() {
    return isInteger() || isFloatingPoint();
  }

  public boolean isString() {
    return this == VARCHAR || this == STRING;
  }

  /** The inclusive range of an integer type, for validation of inserted values. */
  public long minValue() {
    return switch (this) {
      case INT8 -> Byte.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      case INT32 -> Integer.MIN_VALUE;
      case INT64 -> Long.MIN_VALUE;
      default -> throw new IllegalStateException(this + " is not an integer type");
    };
  }

  public long maxValue() {
    return switch (this) {
      case INT8 -> Byte.MAX_VALUE;
      case INT16 -> Short.MAX_VALUE;
      case INT32 -> Integer.MAX_VALUE;
      case INT64 -> Long.MAX_VALUE;
      default -> throw new IllegalStateException(this + " is not an integer type");
    };
  }

  /** Milvus's display name ({@code Int64}, {@code VarChar}, {@code FloatVector}, ...). */
  public String milvusName() {
    return switch (this) {
      case NONE -> "None";
      case BOOL -> "Bool";
      case INT8 -> "Int8";
      case INT16 -> "Int16";
      case INT32 -> "Int32";
      case INT64 -> "Int64";
      case FLOAT -> "Float";
      case DOUBLE -> "Double";
      case STRING -> "String";
      case VARCHAR -> "VarChar";
      case ARRAY -> "Array";
      case JSON -> "JSON";
      case BINARY_VECTOR -> "BinaryVector";
      case FLOAT_VECTOR -> "FloatVector";
      case FLOAT16_VECTOR -> "Float16Vector";
      case BFLOAT16_VECTOR -> "BFloat16Vector";
      case SPARSE_FLOAT_VECTOR -> "SparseFloatVector";
      case INT8_VECTOR -> "Int8Vector";
    };
  }
}
