package io.quiver.crd.v1alpha1.collection;

/**
 * Field data type, named as in Milvus.
 */
public enum DataType {
  /** Boolean. */
  Bool,
  /** 8-bit integer. */
  Int8,
  /** 16-bit integer. */
  Int16,
  /** 32-bit integer. */
  Int32,
  /** 64-bit integer. */
  Int64,
  /** 32-bit float. */
  Float,
  /** 64-bit float. */
  Double,
  /** String of at most maxLength characters. */
  VarChar,
  /** JSON document. */
  JSON,
  /** Array of elementType with at most maxCapacity elements. */
  Array,
  /** Dense float32 vector of dim dimensions. */
  FloatVector,
  /** Dense float16 vector. */
  Float16Vector,
  /** Dense bfloat16 vector. */
  BFloat16Vector,
  /** Binary vector of dim bits. */
  BinaryVector,
  /** Sparse float vector. */
  SparseFloatVector,
  /** Dense int8 vector. */
  Int8Vector;
}
