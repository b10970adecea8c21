package io.quiver.engine.index.store;

/**
 * Scores one query against stored vectors by ordinal. Scores are similarities: larger is
 * better for every metric (L2 scorers return the negated squared distance), so graph and list
 * searches need not know the metric.
 *
 * <p>One instance serves one query on one thread (not thread safe). Implementations are final
 * classes; a search calls {@link #score(int[], int, float[])} once per expanded node, so the
 * dispatch is paid per batch, not per vector.
 */
public abstract class QueryScorer {

  /** Similarity of the query to vector {@code ord}. */
  public abstract float score(int ord);

  /**
   * Similarities of the query to {@code ords[0 .. count)}, written to {@code out[0 .. count)}.
   * Implementations score several rows per pass where the kernel allows it.
   */
  public abstract void score(int[] ords, int count, float[] out);
}
