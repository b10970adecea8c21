package io.quiver.crd.v1alpha1.collection;

/**
 * A function that fills output fields from input fields.
 */
public enum FunctionType {
  /** Sparse BM25 vectors from a VarChar field (full-text search). */
  BM25,
  /** Dense vectors from text by an embedding model. */
  TextEmbedding;
}
