package io.quiver.engine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.QuiverException;
import io.quiver.engine.util.FixedBitSet;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract of every registered vector index type, on small clustered data against brute force:
 * recall, exact scores, filters at any selectivity, the file round trip through a mapped file.
 * Not timed.
 */
class AnnIndexTest {

  private static final int N = 3000;
  private static final int DIM = 32;
  private static final int QUERIES = 40;
  private static final int K = 10;

  @TempDir
  Path tmp;

  record Spec(String type, Map<String, String> build, Map<String, String> search) {
    @Override
    public String toString() {
      return type;
    }
  }

  static Stream<Spec> specs() {
    return Stream.of(
        new Spec("FLAT", Map.of(), Map.of()),
        new Spec("HNSW", Map.of("M", "16", "efConstruction", "100"), Map.of("ef", "64")),
        new Spec("HNSW_SQ", Map.of("M", "16", "efConstruction", "100"), Map.of("ef", "64")),
        new Spec("HNSW_PQ", Map.of("M", "16", "efConstruction", "100", "m", "16"), Map.of("ef", "96")),
        new Spec("IVF_FLAT", Map.of("nlist", "32"), Map.of("nprobe", "8")),
        new Spec("IVF_SQ8", Map.of("nlist", "32"), Map.of("nprobe", "8")),
        new Spec("IVF_PQ", Map.of("nlist", "32", "m", "16", "nbits", "8"), Map.of("nprobe", "8")));
  }

  static Stream<Arguments> specsAndMetrics() {
    return specs().flatMap(s -> Stream.of(MetricType.values()).map(m -> Arguments.of(s, m)));
  }

  private static final float[] DATA = TestVectors.clustered(1, N, DIM, 30, 0.35f);
  private static final float[] QUERY_DATA = TestVectors.clustered(1, N + QUERIES, DIM, 30, 0.35f);

  private static float[] query(int i) {
    // Same centres as DATA (same seed), rows beyond N: held out of the index.
    return TestVectors.row(QUERY_DATA, DIM, N + i);
  }

  private static VectorIndex build(Spec spec, MetricType metric, int threads) {
    return IndexRegistry.factory(spec.type()).build(FloatVectorValues.of(DATA, DIM), metric, IndexParams.of(spec.build()), threads);
  }

  private static void assertRecallAndExactScores(VectorIndex index, Spec spec, MetricType metric, FixedBitSet accept, double minRecall) {
    double recall = 0;
    for (int i = 0; i < QUERIES; i++) {
      float[] q = query(i);
      SearchHits hits = index.search(q, K, accept, IndexParams.of(spec.search()));
      SearchHits truth = TestVectors.bruteForce(metric, q, DATA, DIM, K, accept);
      assertThat(hits.count()).isEqualTo(truth.count());
      for (int j = 0; j < hits.count(); j++) {
        int ord = hits.ord(j);
        if (accept != null) {
          assertThat(accept.get(ord)).as("returned a rejected ordinal %d", ord).isTrue();
        }
        float exact = TestVectors.score(metric, q, DATA, DIM, ord);
        assertThat(hits.score(j)).as("score of ordinal %d", ord).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-4f * Math.max(1f, Math.abs(exact))));
        if (j > 0) {
          assertThat(metric.better(hits.score(j), hits.score(j - 1))).as("best first").isFalse();
        }
      }
      recall += TestVectors.recall(hits, truth, K);
    }
    assertThat(recall / QUERIES).as("%s %s recall@%d", spec, metric, K).isGreaterThanOrEqualTo(minRecall);
  }

  @ParameterizedTest
  @MethodSource("specsAndMetrics")
  void findsNearestNeighboursWithExactScores(Spec spec, MetricType metric) {
    try (VectorIndex index = build(spec, metric, 1)) {
      assertThat(index.type()).isEqualTo(spec.type());
      assertThat(index.size()).isEqualTo(N);
      assertRecallAndExactScores(index, spec, metric, null, 0.9);
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void buildsWithTwoThreads(Spec spec) {
    try (VectorIndex index = build(spec, MetricType.L2, 2)) {
      assertRecallAndExactScores(index, spec, MetricType.L2, null, 0.9);
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void filtersAtAnySelectivityNeverReturnRejectedOrdinals(Spec spec) {
    Random random = new Random(5);
    try (VectorIndex index = build(spec, MetricType.L2, 1)) {
      for (double selectivity : new double[] {0.001, 0.01, 0.1, 0.5, 0.9}) {
        FixedBitSet accept = new FixedBitSet(N);
        for (int i = 0; i < N; i++) {
          if (random.nextDouble() < selectivity) {
            accept.set(i);
          }
        }
        assertRecallAndExactScores(index, spec, MetricType.L2, accept, 0.9);
      }
      FixedBitSet none = new FixedBitSet(N);
      assertThat(index.search(query(0), K, none, IndexParams.of(spec.search())).count()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("specsAndMetrics")
  void batchSearchAnswersLikeSingleQueries(Spec spec, MetricType metric) {
    try (VectorIndex index = build(spec, metric, 1)) {
      FixedBitSet half = new FixedBitSet(N);
      for (int i = 0; i < N; i += 2) {
        half.set(i);
      }
      FixedBitSet sparse = new FixedBitSet(N);
      for (int i = 0; i < N; i += 97) {
        sparse.set(i);
      }
      for (int nq : new int[] {1, 16, 37}) {
        float[][] queries = new float[nq][];
        for (int i = 0; i < nq; i++) {
          queries[i] = query(i % QUERIES);
        }
        for (FixedBitSet accept : new FixedBitSet[] {null, half, sparse}) {
          SearchHits[] batch = index.searchBatch(queries, K, accept, IndexParams.of(spec.search()));
          assertThat(batch).hasSize(nq);
          for (int i = 0; i < nq; i++) {
            SearchHits single = index.search(queries[i], K, accept, IndexParams.of(spec.search()));
            assertThat(batch[i].count()).isEqualTo(single.count());
            for (int j = 0; j < single.count(); j++) {
              assertThat(batch[i].ord(j)).isEqualTo(single.ord(j));
              assertThat(batch[i].score(j)).isCloseTo(single.score(j), org.assertj.core.data.Offset.offset(1e-5f * Math.max(1f, Math.abs(single.score(j)))));
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void deletesAreAcceptBits(Spec spec) {
    try (VectorIndex index = build(spec, MetricType.COSINE, 1)) {
      float[] q = TestVectors.row(DATA, DIM, 123);
      SearchHits before = index.search(q, K, null, IndexParams.of(spec.search()));
      assertThat(before.ord(0)).isEqualTo(123);
      FixedBitSet live = FixedBitSet.allSet(N);
      live.clear(123);
      SearchHits after = index.search(q, K, live, IndexParams.of(spec.search()));
      for (int j = 0; j < after.count(); j++) {
        assertThat(after.ord(j)).isNotEqualTo(123);
      }
      assertThat(after.count()).isEqualTo(K);
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void roundTripsThroughAMappedFile(Spec spec) throws IOException {
    Path file = tmp.resolve(spec.type() + ".idx");
    try (VectorIndex index = build(spec, MetricType.COSINE, 1)) {
      try (OutputStream out = Files.newOutputStream(file)) {
        index.writeTo(out);
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofShared()) {
        MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        VectorIndexFactory factory = IndexRegistry.factory(spec.type());
        try (VectorIndex loaded = factory.load(mapped, FloatVectorValues.of(DATA, DIM), MetricType.COSINE)) {
          assertThat(loaded.type()).isEqualTo(spec.type());
          for (int i = 0; i < 10; i++) {
            SearchHits a = index.search(query(i), K, null, IndexParams.of(spec.search()));
            SearchHits b = loaded.search(query(i), K, null, IndexParams.of(spec.search()));
            assertThat(b.count()).isEqualTo(a.count());
            for (int j = 0; j < a.count(); j++) {
              assertThat(b.ord(j)).isEqualTo(a.ord(j));
              // Same vectors and kernel; reduceLanes(ADD) may sum lanes in another order
              // before and after JIT compilation, hence one part in a million.
              assertThat(b.score(j)).isCloseTo(a.score(j), org.assertj.core.data.Offset.offset(1e-6f * Math.max(1f, Math.abs(a.score(j)))));
            }
          }
          assertThatThrownBy(() -> factory.load(mapped, FloatVectorValues.of(DATA, DIM), MetricType.L2)).isInstanceOf(IOException.class);
          assertThatThrownBy(() -> factory.load(mapped.asSlice(4), FloatVectorValues.of(DATA, DIM), MetricType.COSINE)).isInstanceOf(IOException.class);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void handlesTinyIndexes(Spec spec) {
    VectorIndexFactory factory = IndexRegistry.factory(spec.type());
    float[] one = {1, 2, 3, 4};
    Map<String, String> params = new java.util.HashMap<>(spec.build());
    params.remove("m"); // the PQ default fits any dimension
    try (VectorIndex index = factory.build(FloatVectorValues.of(one, 4), MetricType.L2, IndexParams.of(params), 2)) {
      SearchHits hits = index.search(new float[] {1, 2, 3, 5}, 5, null, IndexParams.of(spec.search()));
      assertThat(hits.count()).isEqualTo(1);
      assertThat(hits.score(0)).isEqualTo(1f);
    }
    try (VectorIndex index = factory.build(FloatVectorValues.of(new float[0], 4), MetricType.IP, IndexParams.of(params), 1)) {
      assertThat(index.search(new float[] {1, 2, 3, 5}, 5, null, IndexParams.of(spec.search())).count()).isZero();
    }
  }

  static Stream<Arguments> badBuildParams() {
    return Stream.of(
        Arguments.of("HNSW", "M", "1"),
        Arguments.of("HNSW", "M", "4096"),
        Arguments.of("HNSW", "M", "abc"),
        Arguments.of("HNSW", "efConstruction", "0"),
        Arguments.of("HNSW", "efConstruction", "1.5"),
        Arguments.of("HNSW_SQ", "M", "0"),
        Arguments.of("HNSW_PQ", "m", "7"),
        Arguments.of("HNSW_PQ", "nbits", "9"),
        Arguments.of("IVF_FLAT", "nlist", "0"),
        Arguments.of("IVF_SQ8", "nlist", "70000"),
        Arguments.of("IVF_PQ", "m", "5"),
        Arguments.of("IVF_PQ", "nbits", "0"));
  }

  @ParameterizedTest
  @MethodSource("badBuildParams")
  void rejectsBadBuildParametersNamingThem(String type, String key, String value) {
    VectorIndexFactory factory = IndexRegistry.factory(type);
    assertThatThrownBy(() -> factory.validate(IndexParams.of(Map.of(key, value)), MetricType.L2, DIM))
        .isInstanceOf(QuiverException.class)
        .hasMessageContaining(key);
  }

  static Stream<Arguments> badSearchParams() {
    return Stream.of(Arguments.of("HNSW", "ef", "0"), Arguments.of("HNSW", "ef", "x"), Arguments.of("HNSW_SQ", "ef", "70000"), Arguments.of("IVF_FLAT", "nprobe", "0"),
        Arguments.of("IVF_PQ", "nprobe", "-1"));
  }

  @ParameterizedTest
  @MethodSource("badSearchParams")
  void rejectsBadSearchParametersNamingThem(String type, String key, String value) {
    try (VectorIndex index = IndexRegistry.factory(type).build(FloatVectorValues.of(DATA, DIM), MetricType.L2, IndexParams.EMPTY, 1)) {
      assertThatThrownBy(() -> index.search(query(0), K, null, IndexParams.of(Map.of(key, value))))
          .isInstanceOf(QuiverException.class)
          .hasMessageContaining(key);
    }
  }
}
