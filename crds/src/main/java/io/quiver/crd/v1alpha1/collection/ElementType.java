package io.quiver.crd.v1alpha1.collection;

/**
 * Element type of an Array field.
 */
public enum ElementType {
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
  VarChar;
}
