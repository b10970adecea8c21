package io.quiver.crd.v1alpha1.collection;

/**
 * Index type, named as in Milvus.
 */
public enum IndexType {
  /** AUTOINDEX index. */
  AUTOINDEX,
  /** FLAT index. */
  FLAT,
  /** IVF_FLAT index. */
  IVF_FLAT,
  /** IVF_SQ8 index. */
  IVF_SQ8,
  /** IVF_PQ index. */
  IVF_PQ,
  /** HNSW index. */
  HNSW,
  /** HNSW_SQ index. */
  HNSW_SQ,
  /** HNSW_PQ index. */
  HNSW_PQ,
  /** DISKANN index. */
  DISKANN,
  /** BIN_FLAT index. */
  BIN_FLAT,
  /** BIN_IVF_FLAT index. */
  BIN_IVF_FLAT,
  /** SPARSE_INVERTED_INDEX index. */
  SPARSE_INVERTED_INDEX,
  /** SPARSE_WAND index. */
  SPARSE_WAND,
  /** GPU_BRUTE_FORCE index. */
  GPU_BRUTE_FORCE,
  /** GPU_IVF_FLAT index. */
  GPU_IVF_FLAT,
  /** INVERTED index. */
  INVERTED,
  /** BITMAP index. */
  BITMAP,
  /** STL_SORT index. */
  STL_SORT,
  /** Trie index. */
  Trie;
}
