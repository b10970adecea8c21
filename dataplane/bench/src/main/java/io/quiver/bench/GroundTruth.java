package io.quiver.bench;

import io.quiver.engine.index.TopKCollector;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * Exact top-k by brute force with the blocked SIMD kernels (16 queries per pass over the base),
 * cached under {@code ~/.cache/quiver/bench} (int32 little-endian, {@code nq x k}).
 */
public final class GroundTruth {

  private static final int QUERY_BLOCK = 16;
  private static final int ROW_BLOCK = 256;

  private GroundTruth() {}

  static Path cacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return root.resolve("quiver").resolve("bench");
  }

  /** The cached ground truth for {@code key}, computed and stored when absent. */
  static int[] cached(String key, float[] base, float[] queries, int dim, MetricType metric, int k) {
    Path file = cacheDir().resolve("gt-" + key + "-k" + k + ".i32");
    int nq = queries.length / dim;
    try {
      if (Files.exists(file) && Files.size(file) == 4L * nq * k) {
        return Datasets.readInts(file);
      }
      long start = System.nanoTime();
      int[] gt = compute(base, queries, dim, metric, k);
      Files.createDirectories(file.getParent());
      byte[] bytes = new byte[gt.length * 4];
      MemorySegment.copy(gt, 0, MemorySegment.ofArray(bytes), ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, gt.length);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      System.err.printf("ground truth %s: %.1f s%n", key, (System.nanoTime() - start) / 1e9);
      return gt;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Exact top {@code k} base ids per query (ties to the smaller id), on all cores. */
  public static int[] compute(float[] base, float[] queries, int dim, MetricType metric, int k) {
    int n = base.length / dim;
    int nq = queries.length / dim;
    int[] out = new int[nq * k];
    try (Arena arena = Arena.ofShared()) {
      MemorySegment seg = arena.allocate(4L * base.length, 64);
      MemorySegment.copy(base, 0, seg, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, base.length);
      int blocks = (nq + QUERY_BLOCK - 1) / QUERY_BLOCK;
      IntStream.range(0, blocks).parallel().forEach(b -> {
        int q0 = b * QUERY_BLOCK;
        int bq = Math.min(QUERY_BLOCK, nq - q0);
        float[] qs = new float[bq * dim];
        System.arraycopy(queries, q0 * dim, qs, 0, qs.length);
        TopKCollector[] collectors = new TopKCollector[bq];
        for (int i = 0; i < bq; i++) {
          collectors[i] = new TopKCollector(Math.min(k, n), metric == MetricType.L2 ? MetricType.L2 : MetricType.IP);
        }
        float[] scores = new float[ROW_BLOCK * bq];
        for (int r0 = 0; r0 < n; r0 += ROW_BLOCK) {
          int rows = Math.min(ROW_BLOCK, n - r0);
          if (metric == MetricType.L2) {
            VectorUtil.squareDistanceBlock(qs, bq, seg, 4L * r0 * dim, rows, dim, scores);
          } else {
            VectorUtil.dotProductBlock(qs, bq, seg, 4L * r0 * dim, rows, dim, scores);
          }
          for (int r = 0; r < rows; r++) {
            for (int i = 0; i < bq; i++) {
              collectors[i].collect(r0 + r, scores[r * bq + i]);
            }
          }
        }
        for (int i = 0; i < bq; i++) {
          var hits = collectors[i].toHits();
          System.arraycopy(hits.ords(), 0, out, (q0 + i) * k, hits.count());
        }
      });
    }
    return out;
  }
}
