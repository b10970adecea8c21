package io.quiver.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.collection.CollectionInfo;
import io.quiver.engine.collection.ConsistencyLevel;
import io.quiver.engine.collection.IndexSpec;
import io.quiver.engine.collection.PartitionInfo;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.segment.SegmentView;
import io.quiver.engine.segment.TestSchemas;
import io.quiver.engine.util.FixedBitSet;
import io.quiver.engine.vector.MetricType;
import io.quiver.engine.vector.VectorUtil;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SearchExecutorTest {

  static final int DIM = 8;
  static final int ROWS = 3000;
  final CollectionSchema schema = TestSchemas.simple(DIM);
  final float[] data = new float[ROWS * DIM];
  final long[] keys = new long[ROWS];

  /** 3000 rows in 1024-row segments: sealed ones carry a FLAT index; with {@code indexed} the last one too. */
  Collection collection(MetricType metric, boolean indexed) {
    Random r = new Random(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < ROWS; i++) {
      keys[i] = i;
    }
    List<IndexSpec> indexes = List.of(new IndexSpec(1, "vec", schema.field("vec").id(), "FLAT", metric.name(), Map.of(), 1));
    CollectionInfo info = new CollectionInfo(1, "default", "c", schema, 1, ConsistencyLevel.STRONG, Map.of(),
        List.of(new PartitionInfo(1, "_default", 1)), indexes, 1, 1, "");
    AtomicLong ids = new AtomicLong(100);
    Collection c = new Collection(info, ids::getAndIncrement, 1024, Runnable::run, 1, null, null);
    c.shards()[0].apply(TestSchemas.batch(schema, 1, 10, keys, data));
    if (indexed) {
      c.shards()[0].sealGrowing(); // every segment sealed, so each gets its FLAT index
    }
    c.markLoaded(1, List.of());
    return c;
  }

  List<Long> bruteForce(MetricType metric, float[] q, int k, java.util.function.IntPredicate accept) {
    return IntStream.range(0, ROWS).filter(accept).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> score(metric, q, i) * (metric.higherIsBetter() ? -1 : 1))
            .thenComparingInt(i -> i))
        .limit(k).map(i -> keys[i]).toList();
  }

  float score(MetricType metric, float[] q, int row) {
    return VectorUtil.score(metric, q, 0, data, row * DIM, DIM);
  }

  SearchSpec spec(MetricType metric, float[] q, int limit, int offset, RowFilter filter, SearchSpec.Range range,
      SearchSpec.Grouping group) {
    return new SearchSpec(schema.field("vec"), metric, List.of(q), limit, offset, filter, IndexParams.EMPTY, range, group, null);
  }

  static List<Long> keysOf(List<Hit> hits) {
    List<Long> out = new ArrayList<>();
    hits.forEach(h -> out.add((Long) h.primaryKey()));
    return out;
  }

  @ParameterizedTest
  @EnumSource(MetricType.class)
  void exactSearchMatchesBruteForceAcrossSegments(MetricType metric) {
    for (boolean indexed : new boolean[] {false, true}) {
      Collection c = collection(metric, indexed);
      float[] q = new float[DIM];
      System.arraycopy(data, 5 * DIM, q, 0, DIM);
      List<Hit> hits = SearchExecutor.search(c, spec(metric, q, 10, 0, RowFilter.ALL, null, null)).get(0);
      assertThat(keysOf(hits)).isEqualTo(bruteForce(metric, q, 10, i -> true));
      for (Hit h : hits) {
        assertThat(h.score()).isCloseTo(score(metric, q, (int) (long) (Long) h.primaryKey()), org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void offsetSkipsTheBestHits() {
    Collection c = collection(MetricType.L2, false);
    float[] q = new float[DIM];
    List<Long> all = keysOf(SearchExecutor.search(c, spec(MetricType.L2, q, 15, 0, RowFilter.ALL, null, null)).get(0));
    List<Long> paged = keysOf(SearchExecutor.search(c, spec(MetricType.L2, q, 10, 5, RowFilter.ALL, null, null)).get(0));
    assertThat(paged).isEqualTo(all.subList(5, 15));
  }

  @Test
  void filterRestrictsHitsToMatchingRows() {
    Collection c = collection(MetricType.IP, true);
    RowFilter evenTags = new RowFilter() {
      @Override
      public boolean matchesAll() {
        return false;
      }

      @Override
      public FixedBitSet evaluate(SegmentView segment) {
        FixedBitSet bits = new FixedBitSet(segment.rowCount());
        for (int row = 0; row < segment.rowCount(); row++) {
          if (segment.column(schema.field("tag").id()).getLong(row) % 2 == 0) {
            bits.set(row);
          }
        }
        return bits;
      }

      @Override
      public Optional<List<Object>> primaryKeyTerms() {
        return Optional.empty();
      }
    };
    float[] q = new float[DIM];
    q[0] = 1;
    List<Hit> hits = SearchExecutor.search(c, spec(MetricType.IP, q, 20, 0, evenTags, null, null)).get(0);
    assertThat(keysOf(hits)).isEqualTo(bruteForce(MetricType.IP, q, 20, i -> keys[i] % 10 % 2 == 0));
  }

  @Test
  void rangeSearchReturnsOnlyScoresInsideTheBounds() {
    Collection c = collection(MetricType.L2, true);
    float[] q = new float[DIM];
    float radius = 6f;
    float rangeFilter = 4f;
    List<Hit> hits = SearchExecutor.search(c, spec(MetricType.L2, q, 50, 0, RowFilter.ALL,
        new SearchSpec.Range(radius, rangeFilter), null)).get(0);
    List<Long> expected = bruteForce(MetricType.L2, q, ROWS, i -> score(MetricType.L2, q, i) < radius
        && score(MetricType.L2, q, i) >= rangeFilter).stream().limit(50).toList();
    assertThat(keysOf(hits)).isEqualTo(expected);
  }

  @Test
  void groupingReturnsAtMostGroupSizeHitsPerValue() {
    Collection c = collection(MetricType.COSINE, true);
    float[] q = new float[DIM];
    q[1] = 1;
    SearchSpec.Grouping g = new SearchSpec.Grouping(schema.field("tag"), 2, true);
    List<Hit> hits = SearchExecutor.search(c, spec(MetricType.COSINE, q, 4, 0, RowFilter.ALL, null, g)).get(0);
    assertThat(hits).hasSize(8);
    Map<Object, Long> perGroup = new java.util.HashMap<>();
    for (Hit h : hits) {
      perGroup.merge(SearchExecutor.groupKey(h, schema.field("tag")), 1L, Long::sum);
    }
    assertThat(perGroup).hasSize(4).allSatisfy((k, v) -> assertThat(v).isEqualTo(2));
    // The first group is the group of the overall best hit.
    long best = bruteForce(MetricType.COSINE, q, 1, i -> true).get(0);
    assertThat(hits.get(0).primaryKey()).isEqualTo(best);
  }

  @Test
  void deletedRowsNeverComeBack() {
    Collection c = collection(MetricType.L2, true);
    float[] q = new float[DIM];
    System.arraycopy(data, 42 * DIM, q, 0, DIM);
    c.shards()[0].apply(new io.quiver.engine.segment.WriteBatch(0, 1, 20, List.of(42L), Map.of(), 0));
    List<Hit> hits = SearchExecutor.search(c, spec(MetricType.L2, q, 5, 0, RowFilter.ALL, null, null)).get(0);
    assertThat(keysOf(hits)).doesNotContain(42L).isEqualTo(bruteForce(MetricType.L2, q, 5, i -> i != 42));
  }

  @Test
  void hybridRrfRanksByReciprocalRank() {
    Collection c = collection(MetricType.L2, false);
    List<Hit> a = SearchExecutor.search(c, spec(MetricType.L2, new float[DIM], 3, 0, RowFilter.ALL, null, null)).get(0);
    List<Hit> b = new ArrayList<>(a);
    java.util.Collections.reverse(b);
    List<Hit> fused = HybridRanker.fuse(new HybridRanker.Rrf(60), List.of(a, b), List.of(MetricType.L2, MetricType.L2));
    assertThat(fused).hasSize(3);
    assertThat(fused.get(0).score()).isCloseTo((float) (1.0 / 61 + 1.0 / 63), org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void weightedRankerNormalizesL2Distances() {
    assertThat(HybridRanker.normalize(MetricType.L2, 0f, true)).isEqualTo(1.0);
    assertThat(HybridRanker.normalize(MetricType.COSINE, 1f, true)).isEqualTo(1.0);
    assertThat(HybridRanker.normalize(MetricType.IP, 0f, true)).isEqualTo(0.5);
  }
}
