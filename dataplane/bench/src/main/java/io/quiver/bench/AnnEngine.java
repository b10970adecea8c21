package io.quiver.bench;

/**
 * One library's graph index under test. The harness builds it, then calls {@link #search} from
 * one thread and measures that thread's CPU time. Implementations hold at most one built index.
 */
public interface AnnEngine extends AutoCloseable {

  /** Name in tables and plots. */
  String name();

  /** Builds (replacing any earlier index) over the dataset with up to {@code threads} threads. */
  void build(Dataset dataset, int threads) throws Exception;

  /**
   * The ids of the {@code k} best base vectors for {@code query}, best first, searched with beam
   * width {@code ef}; returns how many were written to {@code out}.
   */
  int search(float[] query, int k, int ef, int[] out) throws Exception;

  /** Bytes of the graph (links only). */
  long graphBytes();

  /** Bytes of the vectors the graph search reads (float32, or codes for quantized indexes). */
  long traversalVectorBytes();

  @Override
  void close() throws Exception;
}
