package io.quiver.crd.v1alpha1.collection;

/**
 * Similarity metric of a vector index.
 */
public enum MetricType {
  /** Euclidean distance. */
  L2,
  /** Inner product. */
  IP,
  /** Cosine similarity. */
  COSINE,
  /** Hamming distance (binary vectors). */
  HAMMING,
  /** Jaccard distance (binary vectors). */
  JACCARD,
  /** BM25 relevance (sparse, full text). */
  BM25;
}
