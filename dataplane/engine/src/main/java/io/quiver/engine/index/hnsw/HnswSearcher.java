package io.quiver.engine.index.hnsw;

import io.quiver.engine.index.store.QueryScorer;
import io.quiver.engine.util.Bits;
import java.util.Arrays;

/**
 * The HNSW search procedures (greedy descent and beam search on one level), with the scratch
 * state they reuse between searches: a generation-stamped visited array (never cleared between
 * searches), two {@link LongHeap}s of encoded (score, node) pairs, and neighbour and score
 * buffers. Used both to build graphs and to answer queries.
 *
 * <p>One instance per thread at a time (not thread safe); pooled by the index.
 */
final class HnswSearcher {

  private final int[] visited;
  private int generation;

  /** Candidates to expand, best first (keys are complemented so the min-heap pops the best). */
  private final LongHeap candidates;
  /** The best {@code ef} accepted nodes found so far; the top is the worst of them. */
  final LongHeap results;

  private final int[] neighbors;
  private final int[] secondHop;
  private int[] batch;
  private float[] scores;

  /** Vectors scored by the last {@link #searchLayer}; neighbour lists read for two-hop. */
  long scored;
  long listsRead;

  /** Score of the node the last {@link #greedy} call returned. */
  float greedyScore;

  HnswSearcher(int size, int maxConn) {
    this.visited = new int[size];
    this.candidates = new LongHeap(256);
    this.results = new LongHeap(256);
    this.neighbors = new int[maxConn];
    this.secondHop = new int[maxConn];
    this.batch = new int[2 * maxConn];
    this.scores = new float[2 * maxConn];
  }

  /** Starts a search: forgets visited nodes and empties both heaps. */
  void begin() {
    if (++generation == 0) {
      Arrays.fill(visited, 0);
      generation = 1;
    }
    candidates.clear();
    results.clear();
    scored = 0;
    listsRead = 0;
  }

  /** Marks {@code node} visited; true if it was not visited in this search before. */
  boolean visit(int node) {
    if (visited[node] == generation) {
      return false;
    }
    visited[node] = generation;
    return true;
  }

  /**
   * Adds a starting node (already scored) to the candidates and, when {@code accepted}, to the
   * results. Call after {@link #begin()} and before {@link #searchLayer}; at most {@code ef}
   * accepted seeds.
   */
  void seed(int node, float score, boolean accepted) {
    visited[node] = generation;
    long key = LongHeap.encode(score, node);
    candidates.push(~key);
    if (accepted) {
      results.push(key);
    }
  }

  /**
   * Greedy descent from {@code ep} through levels {@code fromLevel} down to {@code toLevel + 1}:
   * on each level, moves to the best neighbour while it improves the score. Returns the final
   * node; its score is left in {@link #greedyScore}.
   */
  int greedy(GraphAccess graph, QueryScorer scorer, int ep, float epScore, int fromLevel, int toLevel) {
    int best = ep;
    float bestScore = epScore;
    for (int level = fromLevel; level > toLevel; level--) {
      boolean improved = true;
      while (improved) {
        improved = false;
        int count = graph.neighbors(level, best, neighbors);
        if (count == 0) {
          break;
        }
        scorer.score(neighbors, count, scores);
        int from = best;
        for (int i = 0; i < count; i++) {
          if (scores[i] > bestScore) {
            bestScore = scores[i];
            best = neighbors[i];
          }
        }
        improved = best != from;
      }
    }
    greedyScore = bestScore;
    return best;
  }

  /**
   * Beam search on {@code level} from the seeds, keeping the best {@code ef} nodes that
   * {@code accept} allows ({@code null}: all) in {@link #results}.
   *
   * <p>With {@code twoHop}, only accepted nodes are scored and traversed; a rejected neighbour
   * is looked through to its own neighbours (as in ACORN-1), so the accepted subgraph stays
   * connected at low selectivity. Without it, every reached node is scored and traversed and
   * the filter only decides what enters the results.
   *
   * @return false when the work ({@link #scored} plus a quarter of {@link #listsRead}) passed
   *     {@code budget} and the search stopped early
   */
  boolean searchLayer(GraphAccess graph, QueryScorer scorer, int level, int ef, Bits accept, boolean twoHop, long budget) {
    final int[] visited = this.visited;
    final int gen = this.generation;
    final LongHeap candidates = this.candidates;
    final LongHeap results = this.results;
    final int[] neighbors = this.neighbors;
    final int[] batch = this.batch;
    final float[] scores = this.scores;
    final int maxBatch = neighbors.length;
    float minAccepted = results.size() >= ef ? LongHeap.score(results.top()) : Float.NEGATIVE_INFINITY;
    while (!candidates.isEmpty()) {
      long top = ~candidates.pop();
      float topScore = LongHeap.score(top);
      if (topScore < minAccepted) {
        break;
      }
      int count = graph.neighbors(level, LongHeap.node(top), neighbors);
      int m = 0;
      if (!twoHop) {
        for (int i = 0; i < count; i++) {
          int nb = neighbors[i];
          if (visited[nb] != gen) {
            visited[nb] = gen;
            batch[m++] = nb;
          }
        }
      } else {
        for (int i = 0; i < count; i++) {
          int nb = neighbors[i];
          if (visited[nb] == gen) {
            continue;
          }
          visited[nb] = gen;
          if (accept.get(nb)) {
            batch[m++] = nb;
          } else if (m < maxBatch) {
            int count2 = graph.neighbors(level, nb, secondHop);
            listsRead++;
            for (int j = 0; j < count2 && m < maxBatch; j++) {
              int nb2 = secondHop[j];
              if (visited[nb2] != gen && accept.get(nb2)) {
                visited[nb2] = gen;
                batch[m++] = nb2;
              }
            }
          }
        }
      }
      if (m == 0) {
        continue;
      }
      scorer.score(batch, m, scores);
      scored += m;
      for (int j = 0; j < m; j++) {
        float score = scores[j];
        if (score > minAccepted) {
          int nb = batch[j];
          long key = LongHeap.encode(score, nb);
          candidates.push(~key);
          if (accept == null || twoHop || accept.get(nb)) {
            if (results.size() < ef) {
              results.push(key);
              if (results.size() == ef) {
                minAccepted = LongHeap.score(results.top());
              }
            } else {
              results.replaceTop(key);
              minAccepted = LongHeap.score(results.top());
            }
          }
        }
      }
      if (scored + (listsRead >> 2) > budget) {
        return false;
      }
    }
    return true;
  }

  /**
   * Moves the results into {@code nodes} / {@code sims} best first and returns their count; the
   * results heap is empty afterwards.
   */
  int drainResults(int[] nodes, float[] sims) {
    int n = results.size();
    for (int i = n - 1; i >= 0; i--) {
      long key = results.pop();
      nodes[i] = LongHeap.node(key);
      sims[i] = LongHeap.score(key);
    }
    return n;
  }

  /** Grows the batch buffers (for builders that score more than one neighbour list at once). */
  int[] batchBuffer(int capacity) {
    if (batch.length < capacity) {
      batch = new int[capacity];
      scores = new float[capacity];
    }
    return batch;
  }

  float[] scoreBuffer() {
    return scores;
  }
}
