package io.quiver.engine.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quiver.engine.index.FloatVectorValues;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.TestVectors;
import io.quiver.engine.index.store.FloatVectorStore;
import io.quiver.engine.index.store.QueryScorer;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QuantizationTest {

  private static final int N = 2000;
  private static final int DIM = 24;

  @ParameterizedTest
  @EnumSource(MetricType.class)
  void scalarQuantizedScoresMatchTheDecodedVectors(MetricType metric) {
    float[] data = TestVectors.clustered(3, N, DIM, 10, 0.5f);
    try (FloatVectorStore store = FloatVectorStore.copyOf(FloatVectorValues.of(data, DIM), metric);
        ScalarQuantizer.SqVectorStore codes = ScalarQuantizer.train(store, 1).encode(store, metric)) {
      float[] q = FloatVectorStore.prepareQuery(TestVectors.row(data, DIM, 7), metric);
      QueryScorer scorer = codes.scorer(q);
      float[] row = new float[DIM];
      int[] ords = {0, 1, 2, 3, 4, 5, 6};
      float[] batch = new float[ords.length];
      scorer.score(ords, ords.length, batch);
      for (int ord : ords) {
        store.copy(ord, row);
        float exact = metric == MetricType.L2 ? -VectorUtil.squareDistance(q, row) : VectorUtil.dotProduct(q, row);
        // 8 bits per dimension: each coordinate is off by at most half a step (1/510 of its
        // range, a few percent of its magnitude here), so the error of q.x is bounded by a few
        // percent of |q| |x|, and that of |q - x|^2 by a few percent of (|q| + |x|)^2.
        double qn = Math.sqrt(VectorUtil.dotProduct(q, q));
        double xn = Math.sqrt(VectorUtil.dotProduct(row, row));
        float tolerance = (float) (metric == MetricType.L2 ? 0.02 * (qn + xn) * (qn + xn) : 0.02 * qn * xn);
        assertThat(scorer.score(ord)).isCloseTo(exact, within(tolerance));
        assertThat(batch[ord]).isCloseTo(scorer.score(ord), within(1e-4f * Math.max(1f, Math.abs(exact))));
      }
    }
  }

  @Test
  void scalarQuantizerClampsOutliersAndRoundTripsItsRanges() throws Exception {
    float[] data = TestVectors.clustered(4, N, DIM, 5, 0.3f);
    data[0] = 1e6f; // an outlier beyond the 99.95th percentile
    try (FloatVectorStore store = FloatVectorStore.copyOf(FloatVectorValues.of(data, DIM), MetricType.IP)) {
      ScalarQuantizer sq = ScalarQuantizer.train(store, 1);
      ScalarQuantizer copy = ScalarQuantizer.fromSegment(sq.toSegment(), DIM);
      float[] q = TestVectors.row(data, DIM, 1);
      try (ScalarQuantizer.SqVectorStore a = sq.encode(store, MetricType.IP); ScalarQuantizer.SqVectorStore b = copy.encode(store, MetricType.IP)) {
        assertThat(b.scorer(q).score(5)).isEqualTo(a.scorer(q).score(5));
        assertThat(Float.isFinite(a.scorer(q).score(0))).isTrue();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(MetricType.class)
  void productQuantizedScoresApproximateExactOnes(MetricType metric) throws Exception {
    float[] data = TestVectors.clustered(5, N, DIM, 10, 0.2f);
    try (FloatVectorStore store = FloatVectorStore.copyOf(FloatVectorValues.of(data, DIM), metric)) {
      PqParams params = PqParams.parse(IndexParams.of(Map.of("m", "12", "nbits", "8")), DIM);
      ProductQuantizer pq = ProductQuantizer.train(store, params.m(), params.nbits(), 1, 2);
      ProductQuantizer reread = ProductQuantizer.fromSegment(pq.toSegment(), DIM);
      try (ProductQuantizer.PqVectorStore codes = pq.encode(store, metric, 2); ProductQuantizer.PqVectorStore again = reread.encode(store, metric, 1)) {
        float[] q = FloatVectorStore.prepareQuery(TestVectors.row(data, DIM, 11), metric);
        QueryScorer scorer = codes.scorer(q);
        float[] row = new float[DIM];
        double error = 0;
        double scale = 0;
        for (int ord = 0; ord < 200; ord++) {
          store.copy(ord, row);
          float exact = metric == MetricType.L2 ? -VectorUtil.squareDistance(q, row) : VectorUtil.dotProduct(q, row);
          error += Math.abs(scorer.score(ord) - exact);
          scale += Math.abs(exact);
          assertThat(again.scorer(q).score(ord)).isEqualTo(scorer.score(ord));
        }
        assertThat(error / scale).as("mean relative PQ error").isLessThan(0.1);
      }
    }
  }

  @Test
  void pqParametersDefaultToAboutFourDimensionsPerCode() {
    assertThat(PqParams.parse(IndexParams.EMPTY, 128)).isEqualTo(new PqParams(32, 8));
    assertThat(PqParams.parse(IndexParams.EMPTY, 384)).isEqualTo(new PqParams(96, 8));
    assertThat(PqParams.parse(IndexParams.EMPTY, 7)).isEqualTo(new PqParams(1, 8));
  }

  @Test
  void kMeansRecoversWellSeparatedClusters() {
    int k = 8;
    int dim = 4;
    Random random = new Random(9);
    float[] centres = new float[k * dim];
    for (int c = 0; c < k; c++) {
      centres[c * dim + (c % dim)] = 100f * (1 + c / dim);
    }
    int n = 800;
    float[] points = new float[n * dim];
    for (int i = 0; i < n; i++) {
      int c = i % k;
      for (int d = 0; d < dim; d++) {
        points[i * dim + d] = centres[c * dim + d] + (float) random.nextGaussian();
      }
    }
    float[] learned = KMeans.train(points, dim, k, 10, 1, 2);
    int[] assignment = new int[n];
    KMeans.assign(points, dim, learned, k, assignment, 2);
    // every true cluster maps to exactly one learned centre
    int[] owner = new int[k];
    java.util.Arrays.fill(owner, -1);
    for (int i = 0; i < n; i++) {
      int c = i % k;
      if (owner[c] < 0) {
        owner[c] = assignment[i];
      }
      assertThat(assignment[i]).isEqualTo(owner[c]);
    }
    assertThat(java.util.Arrays.stream(owner).distinct().count()).isEqualTo(k);
  }
}
