package io.quiver.server.it;

import static io.quiver.server.it.SdkSupport.ranked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import io.grpc.ManagedChannel;
import io.milvus.grpc.DslType;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.SearchResults;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.common.IndexParam.MetricType;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.AnnSearchReq;
import io.milvus.v2.service.vector.request.HybridSearchReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.ranker.RRFRanker;
import io.milvus.v2.service.vector.request.ranker.WeightedRanker;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.server.it.SdkSupport.Scored;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Search checked against brute force computed in the test, on FLAT indexes (exact): ids and
 * scores for L2, IP and COSINE, nq &gt; 1, limit + offset, range search, grouping search,
 * search by primary keys, and hybrid search with RRF and weighted rankers.
 */
class SearchIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create().with("segment.max-rows", "1024");

  static final String NAME = "flat_search";
  static final int DIM = 16;
  static final int ROWS = 3_000;
  static final int GROUPS = 17;

  static MilvusClientV2 client;
  /** Vectors per field, indexed by row (= primary key). */
  static final Map<MetricType, float[][]> vectors = new LinkedHashMap<>();

  static String field(MetricType metric) {
    return "v_" + metric.name().toLowerCase();
  }

  static long grp(int row) {
    return (row * 31L) % GROUPS;
  }

  static String cat(int row) {
    return "c" + (row % 5);
  }

  @BeforeAll
  static void createAndInsert() {
    client = SdkSupport.client(QUIVER);
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    List<IndexParam> indexes = new ArrayList<>();
    Random random = new Random(99);
    for (MetricType m : List.of(MetricType.L2, MetricType.IP, MetricType.COSINE)) {
      schema.addField(AddFieldReq.builder().fieldName(field(m)).dataType(DataType.FloatVector).dimension(DIM).build());
      indexes.add(IndexParam.builder().fieldName(field(m)).indexType(IndexParam.IndexType.FLAT).metricType(m).build());
      float[][] v = new float[ROWS][];
      for (int r = 0; r < ROWS; r++) {
        v[r] = SdkSupport.randomVector(random, DIM);
      }
      vectors.put(m, v);
    }
    schema.addField(AddFieldReq.builder().fieldName("grp").dataType(DataType.Int64).build());
    schema.addField(AddFieldReq.builder().fieldName("cat").dataType(DataType.VarChar).maxLength(8).build());
    client.createCollection(CreateCollectionReq.builder().collectionName(NAME).collectionSchema(schema).indexParams(indexes)
        .build());
    for (int start = 0; start < ROWS; start += 1_000) {
      List<JsonObject> rows = new ArrayList<>();
      for (int r = start; r < start + 1_000; r++) {
        JsonObject row = new JsonObject();
        row.addProperty("id", (long) r);
        for (MetricType m : vectors.keySet()) {
          row.add(field(m), SdkSupport.json(vectors.get(m)[r]));
        }
        row.addProperty("grp", grp(r));
        row.addProperty("cat", cat(r));
        rows.add(row);
      }
      client.insert(InsertReq.builder().collectionName(NAME).data(rows).build());
      if (start == 0) {
        // Part of the data sealed and flushed, the rest growing: results must merge both.
        client.flush(FlushReq.builder().collectionNames(List.of(NAME)).build());
      }
    }
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  static SearchReq.SearchReqBuilder<?, ?> search(MetricType metric, float[]... queries) {
    return SearchReq.builder().collectionName(NAME).annsField(field(metric)).data(SdkSupport.queries(queries))
        .consistencyLevel(ConsistencyLevel.STRONG);
  }

  static void assertHitsEqual(List<SearchResp.SearchResult> hits, List<Scored> expected) {
    assertThat(hits.stream().map(h -> (Long) h.getId()).toList()).as("ids")
        .containsExactlyElementsOf(expected.stream().map(s -> (long) s.row()).toList());
    for (int i = 0; i < hits.size(); i++) {
      double e = expected.get(i).score();
      assertThat((double) hits.get(i).getScore()).as("score of hit %d", i).isCloseTo(e, within(1e-4 * Math.max(1, Math.abs(e))));
    }
  }

  static int[] rowsWhere(IntPredicate p) {
    return IntStream.range(0, ROWS).filter(p).toArray();
  }

  @ParameterizedTest
  @EnumSource(value = MetricType.class, names = {"L2", "IP", "COSINE"})
  void flatSearchReturnsTheExactNeighboursAndScoresForEveryQuery(MetricType metric) {
    Random random = new Random(metric.ordinal());
    float[][] queries = {SdkSupport.randomVector(random, DIM), SdkSupport.randomVector(random, DIM),
        SdkSupport.randomVector(random, DIM), vectors.get(metric)[1234]};
    SearchResp resp = client.search(search(metric, queries).limit(25).outputFields(List.of("grp", "cat")).build());
    assertThat(resp.getSearchResults()).hasSize(queries.length);
    for (int q = 0; q < queries.length; q++) {
      assertHitsEqual(resp.getSearchResults().get(q), ranked(metric, queries[q], vectors.get(metric)).subList(0, 25));
      // Output columns stay aligned with the hits of every query.
      for (SearchResp.SearchResult hit : resp.getSearchResults().get(q)) {
        int row = (int) (long) (Long) hit.getId();
        assertThat(hit.getEntity()).containsOnlyKeys("grp", "cat").containsEntry("grp", grp(row)).containsEntry("cat", cat(row));
      }
    }
    // The row's own vector is its nearest neighbour.
    assertThat(resp.getSearchResults().get(3).get(0).getId()).isEqualTo(1234L);
  }

  @ParameterizedTest
  @EnumSource(value = MetricType.class, names = {"L2", "IP", "COSINE"})
  void offsetSkipsTheBestHitsAndLimitCapsTheRest(MetricType metric) {
    float[] query = SdkSupport.randomVector(new Random(5), DIM);
    SearchResp resp = client.search(search(metric, query).limit(10).offset(15).build());
    assertHitsEqual(resp.getSearchResults().get(0), ranked(metric, query, vectors.get(metric)).subList(15, 25));
  }

  @Test
  void filteredSearchRanksOnlyTheMatchingRows() {
    float[] query = SdkSupport.randomVector(new Random(6), DIM);
    SearchResp resp = client.search(search(MetricType.L2, query).limit(30).filter("grp in [1, 2] and cat != \"c3\"")
        .outputFields(List.of("grp", "cat")).build());
    int[] matching = rowsWhere(r -> (grp(r) == 1 || grp(r) == 2) && !cat(r).equals("c3"));
    assertHitsEqual(resp.getSearchResults().get(0), ranked(MetricType.L2, query, vectors.get(MetricType.L2), matching).subList(0, 30));
    for (SearchResp.SearchResult hit : resp.getSearchResults().get(0)) {
      int row = (int) (long) (Long) hit.getId();
      assertThat(hit.getEntity()).containsEntry("grp", grp(row)).containsEntry("cat", cat(row));
    }
  }

  @Test
  void searchReturnsVectorOutputFields() {
    float[] query = SdkSupport.randomVector(new Random(8), DIM);
    SearchResp resp = client.search(search(MetricType.COSINE, query).limit(3)
        .outputFields(List.of(field(MetricType.L2), field(MetricType.COSINE))).build());
    for (SearchResp.SearchResult hit : resp.getSearchResults().get(0)) {
      int row = (int) (long) (Long) hit.getId();
      assertThat(SdkSupport.floats(hit.getEntity().get(field(MetricType.L2)))).containsExactly(vectors.get(MetricType.L2)[row]);
      assertThat(SdkSupport.floats(hit.getEntity().get(field(MetricType.COSINE))))
          .containsExactly(vectors.get(MetricType.COSINE)[row]);
    }
  }

  @Test
  void roundDecimalRoundsTheScores() {
    float[] query = SdkSupport.randomVector(new Random(9), DIM);
    SearchResp resp = client.search(search(MetricType.IP, query).limit(5).roundDecimal(2).build());
    List<Scored> exact = ranked(MetricType.IP, query, vectors.get(MetricType.IP)).subList(0, 5);
    for (int i = 0; i < 5; i++) {
      double score = resp.getSearchResults().get(0).get(i).getScore();
      assertThat(score * 100).as("two decimals").isCloseTo(Math.rint(score * 100), within(1e-3));
      assertThat(score).isCloseTo(exact.get(i).score(), within(0.005 + 1e-4));
    }
  }

  @Test
  void searchWithoutAnnsFieldOnSeveralVectorFieldsIsRefused() {
    SdkSupport.assertServerError(() -> client.search(SearchReq.builder().collectionName(NAME)
        .data(SdkSupport.queries(new float[DIM])).limit(1).build()), "anns_field");
  }

  // ------------------------------------------------------------------ range search

  @Test
  void l2RangeSearchReturnsExactlyTheHitsWithinTheRadiusUpToTheLimit() {
    float[] query = SdkSupport.randomVector(new Random(11), DIM);
    List<Scored> all = ranked(MetricType.L2, query, vectors.get(MetricType.L2));
    // L2: range_filter <= distance < radius.
    double rangeFilter = all.get(10).score();
    double radius = all.get(60).score();
    List<Scored> inRange = all.stream().filter(s -> s.score() >= rangeFilter && s.score() < radius).toList();
    assertThat(inRange).hasSize(50);

    SearchResp wide = client.search(search(MetricType.L2, query).limit(100)
        .searchParams(Map.of("radius", radius, "range_filter", rangeFilter)).build());
    assertHitsEqual(wide.getSearchResults().get(0), inRange);

    SearchResp capped = client.search(search(MetricType.L2, query).limit(20)
        .searchParams(Map.of("radius", radius, "range_filter", rangeFilter)).build());
    assertHitsEqual(capped.getSearchResults().get(0), inRange.subList(0, 20));
  }

  @Test
  void cosineRangeSearchReturnsExactlyTheHitsWithinTheRadiusUpToTheLimit() {
    float[] query = SdkSupport.randomVector(new Random(12), DIM);
    List<Scored> all = ranked(MetricType.COSINE, query, vectors.get(MetricType.COSINE));
    // COSINE (larger is better): radius < similarity <= range_filter.
    double rangeFilter = all.get(5).score();
    double radius = all.get(45).score();
    List<Scored> inRange = all.stream().filter(s -> s.score() > radius && s.score() <= rangeFilter).toList();
    assertThat(inRange).hasSize(40);

    SearchResp wide = client.search(search(MetricType.COSINE, query).limit(200)
        .searchParams(Map.of("radius", radius, "range_filter", rangeFilter)).build());
    assertHitsEqual(wide.getSearchResults().get(0), inRange);

    SearchResp radiusOnly = client.search(search(MetricType.COSINE, query).limit(15)
        .searchParams(Map.of("radius", radius)).build());
    assertHitsEqual(radiusOnly.getSearchResults().get(0), all.subList(0, 15));
  }

  // ------------------------------------------------------------------ grouping search

  /** The expected grouping result: the first {@code limit} groups by best hit, each with its best {@code size} hits. */
  static Map<Object, List<Scored>> expectedGroups(List<Scored> ranked, java.util.function.IntFunction<Object> group, int limit,
      int size) {
    Map<Object, List<Scored>> groups = new LinkedHashMap<>();
    for (Scored s : ranked) {
      Object g = group.apply(s.row());
      if (!groups.containsKey(g)) {
        if (groups.size() == limit) {
          continue;
        }
        groups.put(g, new ArrayList<>());
      }
      if (groups.get(g).size() < size) {
        groups.get(g).add(s);
      }
    }
    return groups;
  }

  /**
   * Checks groups and their order; with {@code strict} each group holds exactly its best hits,
   * otherwise (Milvus's best effort) a non-empty prefix of them.
   */
  static void assertGroups(List<SearchResp.SearchResult> hits, String groupField, Map<Object, List<Scored>> expected,
      boolean strict) {
    Map<Object, List<Long>> actual = new LinkedHashMap<>();
    for (SearchResp.SearchResult h : hits) {
      Object g = h.getEntity().get(groupField);
      assertThat(g).as("group value of hit %s", h.getId()).isNotNull();
      actual.computeIfAbsent(g, k -> new ArrayList<>()).add((Long) h.getId());
    }
    assertThat(new ArrayList<>(actual.keySet())).as("groups, best first").containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<Object, List<Scored>> e : expected.entrySet()) {
      List<Long> best = e.getValue().stream().map(s -> (long) s.row()).toList();
      List<Long> got = actual.get(e.getKey());
      if (strict) {
        assertThat(got).as("hits of group %s", e.getKey()).containsExactlyElementsOf(best);
      } else {
        assertThat(got.size()).as("hits of group %s", e.getKey()).isBetween(1, best.size());
        assertThat(got).as("hits of group %s", e.getKey()).containsExactlyElementsOf(best.subList(0, got.size()));
      }
    }
  }

  @Test
  void groupingSearchReturnsAtMostGroupSizeHitsPerGroupInBestFirstGroupOrder() {
    float[] query = SdkSupport.randomVector(new Random(21), DIM);
    List<Scored> ranked = ranked(MetricType.IP, query, vectors.get(MetricType.IP));
    SearchResp resp = client.search(search(MetricType.IP, query).limit(6).groupByFieldName("grp").groupSize(3)
        .strictGroupSize(true).outputFields(List.of("grp")).build());
    Map<Object, List<Scored>> expected = expectedGroups(ranked, r -> grp(r), 6, 3);
    List<SearchResp.SearchResult> hits = resp.getSearchResults().get(0);
    assertThat(hits).hasSize(18);
    assertGroups(hits, "grp", expected, true);
    for (SearchResp.SearchResult h : hits) {
      assertThat((double) h.getScore()).isCloseTo(SdkSupport.score(MetricType.IP, query,
          vectors.get(MetricType.IP)[(int) (long) (Long) h.getId()]), within(1e-4));
    }
  }

  @Test
  void groupingSearchGroupsEveryQueryOfABatchSeparately() {
    Random random = new Random(24);
    float[][] queries = {SdkSupport.randomVector(random, DIM), SdkSupport.randomVector(random, DIM)};
    SearchResp resp = client.search(search(MetricType.L2, queries).limit(3).groupByFieldName("grp").groupSize(2)
        .strictGroupSize(true).outputFields(List.of("grp")).build());
    assertThat(resp.getSearchResults()).hasSize(2);
    for (int q = 0; q < 2; q++) {
      List<Scored> ranked = ranked(MetricType.L2, queries[q], vectors.get(MetricType.L2));
      assertThat(resp.getSearchResults().get(q)).hasSize(6);
      assertGroups(resp.getSearchResults().get(q), "grp", expectedGroups(ranked, r -> grp(r), 3, 2), true);
    }
  }

  @Test
  void groupingByVarCharWithDefaultGroupSizeReturnsOneHitPerGroup() {
    float[] query = SdkSupport.randomVector(new Random(22), DIM);
    List<Scored> ranked = ranked(MetricType.L2, query, vectors.get(MetricType.L2));
    SearchResp resp = client.search(search(MetricType.L2, query).limit(10).groupByFieldName("cat")
        .outputFields(List.of("cat")).build());
    // Only 5 distinct values: 5 groups even though the limit is 10.
    Map<Object, List<Scored>> expected = expectedGroups(ranked, SearchIT::cat, 10, 1);
    assertThat(expected).hasSize(5);
    List<SearchResp.SearchResult> hits = resp.getSearchResults().get(0);
    assertThat(hits).hasSize(5);
    assertGroups(hits, "cat", expected, true);
    // One hit per group, so the hits are the groups' best, in best-first order.
    assertHitsEqual(hits, expected.values().stream().map(l -> l.get(0)).toList());
  }

  @Test
  void nonStrictGroupingSearchWithFilterGroupsOnlyMatchingRows() {
    float[] query = SdkSupport.randomVector(new Random(23), DIM);
    int[] matching = rowsWhere(r -> r % 2 == 0);
    List<Scored> ranked = ranked(MetricType.COSINE, query, vectors.get(MetricType.COSINE), matching);
    SearchResp resp = client.search(search(MetricType.COSINE, query).limit(4).filter("id % 2 == 0").groupByFieldName("grp")
        .groupSize(2).outputFields(List.of("grp")).build());
    assertGroups(resp.getSearchResults().get(0), "grp", expectedGroups(ranked, r -> grp(r), 4, 2), false);
  }

  // ------------------------------------------------------------------ search by primary keys

  @Test
  void searchByPrimaryKeysUsesTheStoredVectorsOfThoseRowsAsQueries() throws Exception {
    ManagedChannel channel = SdkSupport.channel(QUIVER);
    try {
      List<Long> keys = List.of(17L, 2048L, 999L);
      SearchRequest request = SearchRequest.newBuilder().setCollectionName(NAME).setSearchByPrimaryKeys(true)
          .setDsl("id in [17, 2048, 999]").setDslType(DslType.BoolExprV1).setNq(keys.size())
          .setConsistencyLevel(io.milvus.grpc.ConsistencyLevel.Strong)
          .addSearchParams(kv("anns_field", field(MetricType.L2))).addSearchParams(kv("topk", "7"))
          .addSearchParams(kv("metric_type", "L2")).addSearchParams(kv("params", "{}"))
          .addOutputFields("grp").build();
      SearchResults results = SdkSupport.stub(channel).search(request);
      assertThat(results.getStatus().getCode()).as(results.getStatus().getReason()).isZero();
      SearchResultData data = results.getResults();
      assertThat(data.getNumQueries()).isEqualTo(3);
      assertThat(data.getTopksList()).containsExactly(7L, 7L, 7L);
      Map<Long, List<Long>> byQuery = new HashMap<>();
      for (int q = 0; q < 3; q++) {
        List<Long> ids = data.getIds().getIntId().getDataList().subList(q * 7, q * 7 + 7);
        List<Float> scores = data.getScoresList().subList(q * 7, q * 7 + 7);
        long self = ids.get(0);
        byQuery.put(self, ids);
        List<Scored> expected = ranked(MetricType.L2, vectors.get(MetricType.L2)[(int) self], vectors.get(MetricType.L2))
            .subList(0, 7);
        assertThat(ids).containsExactlyElementsOf(expected.stream().map(s -> (long) s.row()).toList());
        for (int i = 0; i < 7; i++) {
          assertThat((double) scores.get(i)).isCloseTo(expected.get(i).score(), within(1e-4 * Math.max(1, expected.get(i).score())));
        }
      }
      assertThat(byQuery.keySet()).containsExactlyInAnyOrderElementsOf(keys);
    } finally {
      SdkSupport.close(channel);
    }
  }

  static KeyValuePair kv(String k, String v) {
    return KeyValuePair.newBuilder().setKey(k).setValue(v).build();
  }

  // ------------------------------------------------------------------ hybrid search

  /** One sub-search as a plain search: its hits and scores are what the ranker fuses. */
  static List<SearchResp.SearchResult> plain(MetricType metric, float[] query, int limit, String filter) {
    return client.search(search(metric, query).limit(limit).filter(filter).build()).getSearchResults().get(0);
  }

  /** Checks the hybrid hits against the fused scores the test computed: same scores rank by rank, and every id's own score. */
  static void assertFused(List<SearchResp.SearchResult> hits, Map<Long, Double> fused, int limit, int offset) {
    List<Map.Entry<Long, Double>> order = new ArrayList<>(fused.entrySet());
    order.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    List<Map.Entry<Long, Double>> expected = order.subList(offset, Math.min(order.size(), offset + limit));
    assertThat(hits).hasSize(expected.size());
    for (int i = 0; i < hits.size(); i++) {
      long id = (Long) hits.get(i).getId();
      assertThat(fused).as("hit %d (%d) is a sub-search hit", i, id).containsKey(id);
      assertThat((double) hits.get(i).getScore()).as("fused score of hit %d (%d)", i, id).isCloseTo(fused.get(id), within(1e-5));
      assertThat((double) hits.get(i).getScore()).as("rank %d", i).isCloseTo(expected.get(i).getValue(), within(1e-5));
    }
    // Where scores are not tied, the order is exactly the expected one.
    for (int i = 0; i < hits.size(); i++) {
      double s = expected.get(i).getValue();
      boolean tied = order.stream().filter(e -> Math.abs(e.getValue() - s) < 1e-6).count() > 1;
      if (!tied) {
        assertThat(hits.get(i).getId()).as("rank %d", i).isEqualTo(expected.get(i).getKey());
      }
    }
  }

  @Test
  void hybridSearchWithRrfFusesTheSubSearchRanks() {
    Random random = new Random(31);
    float[] q1 = SdkSupport.randomVector(random, DIM);
    float[] q2 = SdkSupport.randomVector(random, DIM);
    int k = 20;
    SearchResp resp = client.hybridSearch(HybridSearchReq.builder().collectionName(NAME)
        .searchRequests(List.of(
            AnnSearchReq.builder().vectorFieldName(field(MetricType.L2)).vectors(SdkSupport.queries(q1)).limit(30).build(),
            AnnSearchReq.builder().vectorFieldName(field(MetricType.COSINE)).vectors(SdkSupport.queries(q2)).limit(30)
                .filter("grp < 10").build()))
        .ranker(RRFRanker.builder().k(k).build()).limit(12).outFields(List.of("grp"))
        .consistencyLevel(ConsistencyLevel.STRONG).build());
    Map<Long, Double> fused = new HashMap<>();
    List<List<SearchResp.SearchResult>> subs = List.of(plain(MetricType.L2, q1, 30, ""), plain(MetricType.COSINE, q2, 30, "grp < 10"));
    for (List<SearchResp.SearchResult> sub : subs) {
      for (int rank = 0; rank < sub.size(); rank++) {
        fused.merge((Long) sub.get(rank).getId(), 1.0 / (k + rank + 1), Double::sum);
      }
    }
    List<SearchResp.SearchResult> hits = resp.getSearchResults().get(0);
    assertFused(hits, fused, 12, 0);
    for (SearchResp.SearchResult h : hits) {
      assertThat(h.getEntity()).containsEntry("grp", grp((int) (long) (Long) h.getId()));
    }
  }

  @Test
  void hybridSearchWithWeightedRankerFusesNormalizedScoresAndHonoursOffset() {
    Random random = new Random(32);
    float[] q1 = SdkSupport.randomVector(random, DIM);
    float[] q2 = SdkSupport.randomVector(random, DIM);
    float w1 = 0.7f;
    float w2 = 0.3f;
    SearchResp resp = client.hybridSearch(HybridSearchReq.builder().collectionName(NAME)
        .searchRequests(List.of(
            AnnSearchReq.builder().vectorFieldName(field(MetricType.L2)).vectors(SdkSupport.queries(q1)).limit(25).build(),
            AnnSearchReq.builder().vectorFieldName(field(MetricType.IP)).vectors(SdkSupport.queries(q2)).limit(25).build()))
        .ranker(WeightedRanker.builder().weights(List.of(w1, w2)).build()).limit(10).offset(3)
        .consistencyLevel(ConsistencyLevel.STRONG).build());
    // Milvus normalization: L2 distance d -> 1 - 2 atan(d) / pi; IP score s -> 0.5 + atan(s) / pi.
    Map<Long, Double> fused = new HashMap<>();
    for (SearchResp.SearchResult h : plain(MetricType.L2, q1, 25, "")) {
      fused.merge((Long) h.getId(), (double) w1 * (1 - 2 * Math.atan(h.getScore()) / Math.PI), Double::sum);
    }
    for (SearchResp.SearchResult h : plain(MetricType.IP, q2, 25, "")) {
      fused.merge((Long) h.getId(), (double) w2 * (0.5 + Math.atan(h.getScore()) / Math.PI), Double::sum);
    }
    assertFused(resp.getSearchResults().get(0), fused, 10, 3);
  }

  @Test
  void hybridSearchWithSeveralQueriesFusesEachQuerySeparately() {
    Random random = new Random(33);
    float[][] q1 = {SdkSupport.randomVector(random, DIM), SdkSupport.randomVector(random, DIM)};
    float[][] q2 = {SdkSupport.randomVector(random, DIM), SdkSupport.randomVector(random, DIM)};
    SearchResp resp = client.hybridSearch(HybridSearchReq.builder().collectionName(NAME)
        .searchRequests(List.of(
            AnnSearchReq.builder().vectorFieldName(field(MetricType.IP)).vectors(SdkSupport.queries(q1)).limit(15).build(),
            AnnSearchReq.builder().vectorFieldName(field(MetricType.COSINE)).vectors(SdkSupport.queries(q2)).limit(15).build()))
        .ranker(RRFRanker.builder().k(60).build()).limit(8).consistencyLevel(ConsistencyLevel.STRONG).build());
    assertThat(resp.getSearchResults()).hasSize(2);
    for (int q = 0; q < 2; q++) {
      Map<Long, Double> fused = new HashMap<>();
      List<List<SearchResp.SearchResult>> subs = List.of(plain(MetricType.IP, q1[q], 15, ""), plain(MetricType.COSINE, q2[q], 15, ""));
      for (List<SearchResp.SearchResult> sub : subs) {
        for (int rank = 0; rank < sub.size(); rank++) {
          fused.merge((Long) sub.get(rank).getId(), 1.0 / (60 + rank + 1), Double::sum);
        }
      }
      assertFused(resp.getSearchResults().get(q), fused, 8, 0);
    }
  }
}
