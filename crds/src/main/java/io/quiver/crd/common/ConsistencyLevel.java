package io.quiver.crd.common;

/**
 * Read consistency of a collection, as in Milvus.
 */
public enum ConsistencyLevel {
  /** Reads see every write acknowledged before the read started. */
  Strong,
  /** Reads may miss writes of the last few seconds (Milvus default). */
  Bounded,
  /** Reads see the writes of the same client. */
  Session,
  /** Reads may miss any recent write. */
  Eventually;
}
