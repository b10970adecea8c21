package io.quiver.bench;

import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The benchmark datasets: seeded Gaussian mixtures with low-rank clusters, and the real MiniLM
 * WordNet embeddings from {@code shared/data/minilm-wordnet-50k} (half precision; recall is
 * measured against its {@code gt-f16.i32}).
 */
public final class Datasets {

  /** Ground-truth depth computed for the synthetic sets. */
  static final int GT_K = 100;

  private Datasets() {}

  /**
   * A Gaussian mixture: {@code clusters} centres drawn from N(0, I); each cluster spans a random
   * {@code rank}-dimensional subspace (per-dimension variance 0.5) plus isotropic noise
   * (variance 0.02), so the data has a low intrinsic dimension like real embeddings. Queries
   * come from the same distribution. COSINE sets are normalised to unit length.
   */
  public static Dataset gaussianMixture(String name, int n, int nq, int dim, int clusters, int rank, MetricType metric, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] centres = new float[clusters][dim];
    float[][] bases = new float[clusters][dim * rank];
    double scale = Math.sqrt(0.5 / rank);
    for (int c = 0; c < clusters; c++) {
      for (int d = 0; d < dim; d++) {
        centres[c][d] = (float) gaussian(random);
      }
      for (int i = 0; i < dim * rank; i++) {
        bases[c][i] = (float) (gaussian(random) * scale);
      }
    }
    float[] base = sample(random, n, dim, rank, centres, bases);
    float[] queries = sample(random, nq, dim, rank, centres, bases);
    if (metric == MetricType.COSINE) {
      normalizeRows(base, dim);
      normalizeRows(queries, dim);
    }
    String description = String.format("%,d x %d, %d Gaussian clusters of rank %d, %s, seed %d", n, dim, clusters, rank, metric, seed);
    int[] gt = GroundTruth.cached(name + "-" + n + "-" + nq + "-" + dim + "-" + clusters + "-" + rank + "-" + metric + "-" + seed, base, queries, dim, metric, GT_K);
    return new Dataset(name, description, metric, dim, base, queries, gt, GT_K);
  }

  private static float[] sample(SplittableRandom random, int n, int dim, int rank, float[][] centres, float[][] bases) {
    float[] out = new float[n * dim];
    double[] z = new double[rank];
    double noise = Math.sqrt(0.02);
    for (int i = 0; i < n; i++) {
      int c = random.nextInt(centres.length);
      for (int r = 0; r < rank; r++) {
        z[r] = gaussian(random);
      }
      float[] basis = bases[c];
      for (int d = 0; d < dim; d++) {
        double v = centres[c][d] + noise * gaussian(random);
        int row = d * rank;
        for (int r = 0; r < rank; r++) {
          v += basis[row + r] * z[r];
        }
        out[i * dim + d] = (float) v;
      }
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    // Marsaglia polar method: exact N(0, 1), no shared state.
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  static void normalizeRows(float[] data, int dim) {
    for (int off = 0; off < data.length; off += dim) {
      VectorUtil.normalizeInPlace(data, off, dim);
    }
  }

  /**
   * The MiniLM WordNet set: 50,000 x 384 half-precision base vectors and 1,000 queries, decoded
   * exactly to float32 (not renormalised), with the ground truth computed from the half vectors.
   */
  public static Dataset minilm(Path dir, int limitBase) throws IOException {
    int dim = 384;
    float[] base = readHalf(dir.resolve("base.f16"), dim);
    float[] queries = readHalf(dir.resolve("query.f16"), dim);
    int[] gt = readInts(dir.resolve("gt-f16.i32"));
    int gtK = 100;
    int n = base.length / dim;
    if (limitBase > 0 && limitBase < n) {
      // A prefix of the base needs its own ground truth.
      float[] prefix = new float[limitBase * dim];
      System.arraycopy(base, 0, prefix, 0, prefix.length);
      base = prefix;
      n = limitBase;
      gt = GroundTruth.cached("minilm-prefix-" + limitBase, base, queries, dim, MetricType.IP, gtK);
    }
    String description = String.format("%,d x %d MiniLM-L6-v2 sentence embeddings of WordNet definitions (half precision), %,d held-out queries, cosine", n, dim, queries.length / dim);
    return new Dataset("minilm-wordnet-50k", description, MetricType.COSINE, dim, base, queries, gt, gtK);
  }

  private static float[] readHalf(Path file, int dim) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
      MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
      int count = (int) (seg.byteSize() / 2);
      if (count % dim != 0) {
        throw new IOException(file + ": " + count + " values is not a multiple of " + dim);
      }
      float[] out = new float[count];
      VectorUtil.decodeFloat16(seg, 0, out, 0, count);
      return out;
    }
  }

  static int[] readInts(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int[] out = new int[bytes.length / 4];
    MemorySegment.copy(MemorySegment.ofArray(bytes), ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, out, 0, out.length);
    return out;
  }
}
