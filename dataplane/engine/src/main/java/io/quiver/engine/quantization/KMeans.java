package io.quiver.engine.quantization;

import io.quiver.engine.vector.VectorUtil;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Euclidean k-means on row-major float points: k-means++ seeding (each next centre drawn with
 * probability proportional to its squared distance from the nearest chosen one), then Lloyd
 * iterations; an emptied cluster restarts at a random point. Assignment, the costly step, uses
 * the blocked kernels ({@value #BLOCK} points per pass over the centres) on up to
 * {@code threads} threads. The result depends only on the seed, not on the thread count (each
 * point's assignment is independent of the others).
 */
public final class KMeans {

  static final int BLOCK = 16;

  private KMeans() {}

  /**
   * Trains {@code k} centres (row-major, {@code k * dim} floats) on {@code n = points.length /
   * dim} points; {@code k} must not exceed {@code n}.
   */
  public static float[] train(float[] points, int dim, int k, int iterations, long seed, int threads) {
    int n = points.length / dim;
    if (k <= 0 || k > n) {
      throw new IllegalArgumentException("k-means needs 1 <= k <= points, got k=" + k + " for " + n + " points");
    }
    SplittableRandom random = new SplittableRandom(seed);
    float[] centres = seed(points, dim, k, random);
    int[] assignment = new int[n];
    float[] sums = new float[k * dim];
    int[] counts = new int[k];
    for (int it = 0; it < iterations; it++) {
      assign(points, dim, centres, k, assignment, threads);
      java.util.Arrays.fill(sums, 0f);
      java.util.Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        int c = assignment[i];
        counts[c]++;
        int so = c * dim;
        int po = i * dim;
        for (int d = 0; d < dim; d++) {
          sums[so + d] += points[po + d];
        }
      }
      for (int c = 0; c < k; c++) {
        int so = c * dim;
        if (counts[c] == 0) {
          System.arraycopy(points, random.nextInt(n) * dim, centres, so, dim);
          continue;
        }
        float inv = 1f / counts[c];
        for (int d = 0; d < dim; d++) {
          centres[so + d] = sums[so + d] * inv;
        }
      }
    }
    return centres;
  }

  private static float[] seed(float[] points, int dim, int k, SplittableRandom random) {
    int n = points.length / dim;
    float[] centres = new float[k * dim];
    float[] nearest = new float[n];
    int first = random.nextInt(n);
    System.arraycopy(points, first * dim, centres, 0, dim);
    double total = 0;
    for (int i = 0; i < n; i++) {
      nearest[i] = VectorUtil.squareDistance(points, i * dim, centres, 0, dim);
      total += nearest[i];
    }
    for (int c = 1; c < k; c++) {
      int pick;
      if (total <= 0) {
        pick = random.nextInt(n);
      } else {
        double target = random.nextDouble() * total;
        pick = n - 1;
        double acc = 0;
        for (int i = 0; i < n; i++) {
          acc += nearest[i];
          if (acc >= target) {
            pick = i;
            break;
          }
        }
      }
      System.arraycopy(points, pick * dim, centres, c * dim, dim);
      total = 0;
      for (int i = 0; i < n; i++) {
        float d = VectorUtil.squareDistance(points, i * dim, centres, c * dim, dim);
        if (d < nearest[i]) {
          nearest[i] = d;
        }
        total += nearest[i];
      }
    }
    return centres;
  }

  /** Writes the index of each point's nearest centre (squared L2) into {@code out}. */
  public static void assign(float[] points, int dim, float[] centres, int k, int[] out, int threads) {
    int n = points.length / dim;
    float[] centreNorms = new float[k];
    for (int c = 0; c < k; c++) {
      centreNorms[c] = VectorUtil.dotProduct(centres, c * dim, centres, c * dim, dim);
    }
    MemorySegment centreRows = MemorySegment.ofArray(centres);
    int blocks = (n + BLOCK - 1) / BLOCK;
    parallel(threads, blocks, b -> {
      int p0 = b * BLOCK;
      int nq = Math.min(BLOCK, n - p0);
      float[] queries = new float[nq * dim];
      System.arraycopy(points, p0 * dim, queries, 0, queries.length);
      float[] dots = new float[k * nq];
      VectorUtil.dotProductBlock(queries, nq, centreRows, 0, k, dim, dots);
      for (int q = 0; q < nq; q++) {
        int best = 0;
        float bestScore = Float.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          float s = centreNorms[c] - 2f * dots[c * nq + q];
          if (s < bestScore) {
            bestScore = s;
            best = c;
          }
        }
        out[p0 + q] = best;
      }
    });
  }

  /** Body of a parallel loop over task indexes. */
  @FunctionalInterface
  public interface Task {
    void run(int index);
  }

  /**
   * Runs {@code body} for every index in {@code [0, tasks)} on up to {@code threads} threads
   * (the caller's included), rethrowing the first failure.
   */
  public static void parallel(int threads, int tasks, Task body) {
    int workers = Math.max(1, Math.min(threads, tasks));
    if (workers == 1) {
      for (int i = 0; i < tasks; i++) {
        body.run(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable loop = () -> {
      try {
        for (int i = next.getAndIncrement(); i < tasks && failure.get() == null; i = next.getAndIncrement()) {
          body.run(i);
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    };
    List<Thread> started = new ArrayList<>();
    for (int w = 1; w < workers; w++) {
      Thread t = new Thread(loop, "quiver-index-build-" + w);
      t.setDaemon(true);
      t.start();
      started.add(t);
    }
    loop.run();
    for (Thread t : started) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.compareAndSet(null, e);
      }
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    } else if (e instanceof Error err) {
      throw err;
    } else if (e != null) {
      throw new IllegalStateException("parallel build interrupted", e);
    }
  }
}
