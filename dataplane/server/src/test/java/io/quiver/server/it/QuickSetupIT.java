package io.quiver.server.it;

import static io.quiver.server.it.SdkSupport.GSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.common.IndexParam.MetricType;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.utility.request.CreateAliasReq;
import io.milvus.v2.service.utility.request.DropAliasReq;
import io.milvus.v2.service.utility.request.ListAliasesReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.response.InsertResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Milvus quick setup: {@code createCollection(name, dim)} creates an indexed, loaded
 * collection with an Int64 "id", a "vector" and dynamic fields; 10,000 rows with dynamic fields
 * go in, and a search filtered on a dynamic field returns the right rows and values.
 */
class QuickSetupIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  static final String NAME = "quick_setup";
  static final int DIM = 16;
  static final int ROWS = 10_000;
  static final int BATCH = 2_500;
  static final String[] COLORS = {"red", "green", "blue", "amber", "violet"};

  static MilvusClientV2 client;
  static float[][] vectors;
  static final List<InsertResp> inserts = new ArrayList<>();

  static String color(int row) {
    return COLORS[row % COLORS.length];
  }

  static int rank(int row) {
    return (row * 7919) % 1000;
  }

  @BeforeAll
  static void createAndFill() {
    client = SdkSupport.client(QUIVER);
    client.createCollection(CreateCollectionReq.builder().collectionName(NAME).dimension(DIM).build());
    Random random = new Random(42);
    vectors = new float[ROWS][];
    for (int start = 0; start < ROWS; start += BATCH) {
      List<JsonObject> rows = new ArrayList<>();
      for (int r = start; r < start + BATCH; r++) {
        vectors[r] = SdkSupport.randomVector(random, DIM);
        JsonObject row = new JsonObject();
        row.addProperty("id", (long) r);
        row.add("vector", SdkSupport.json(vectors[r]));
        row.addProperty("color", color(r));
        row.addProperty("rank", rank(r));
        if (r % 3 == 0) {
          row.addProperty("title", "row " + r);
        }
        rows.add(row);
      }
      inserts.add(client.insert(InsertReq.builder().collectionName(NAME).data(rows).build()));
    }
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Test
  void insertAcknowledgesEveryRowWithItsPrimaryKey() {
    List<Object> keys = new ArrayList<>();
    for (InsertResp r : inserts) {
      assertThat(r.getInsertCnt()).isEqualTo(BATCH);
      keys.addAll(r.getPrimaryKeys());
    }
    assertThat(keys).containsExactlyElementsOf(IntStream.range(0, ROWS).mapToObj(i -> (Object) (long) i).toList());
    long count = (Long) client.query(QueryReq.builder().collectionName(NAME).outputFields(List.of("count(*)"))
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().get(0).getEntity().get("count(*)");
    assertThat(count).isEqualTo(ROWS);
  }

  @Test
  void describeReturnsWhatQuickSetupCreated() {
    DescribeCollectionResp d = client.describeCollection(DescribeCollectionReq.builder().collectionName(NAME).build());
    assertThat(d.getCollectionName()).isEqualTo(NAME);
    assertThat(d.getDatabaseName()).isEqualTo("default");
    assertThat(d.getDescription()).isEmpty();
    assertThat(d.getFieldNames()).containsExactly("vector", "id");
    assertThat(d.getVectorFieldNames()).containsExactly("vector");
    assertThat(d.getPrimaryFieldName()).isEqualTo("id");
    assertThat(d.getAutoID()).isFalse();
    assertThat(d.getEnableDynamicField()).isTrue();
    assertThat(d.getConsistencyLevel()).isEqualTo(ConsistencyLevel.BOUNDED);
    assertThat(d.getShardsNum()).isEqualTo(1);
    assertThat(d.getProperties()).isEmpty();
    assertThat(d.getCollectionID()).isPositive();
    assertThat(d.getCreateUtcTime()).isPositive();

    CreateCollectionReq.FieldSchema id = d.getCollectionSchema().getField("id");
    assertThat(id.getDataType()).isEqualTo(DataType.Int64);
    assertThat(id.getIsPrimaryKey()).isTrue();
    assertThat(id.getAutoID()).isFalse();
    CreateCollectionReq.FieldSchema vector = d.getCollectionSchema().getField("vector");
    assertThat(vector.getDataType()).isEqualTo(DataType.FloatVector);
    assertThat(vector.getDimension()).isEqualTo(DIM);
    assertThat(vector.getIsPrimaryKey()).isFalse();
    assertThat(d.getCollectionSchema().getFieldSchemaList()).hasSize(2);

    // The quick setup also indexed (AUTOINDEX, COSINE) and loaded the collection.
    DescribeIndexResp.IndexDesc index = client.describeIndex(DescribeIndexReq.builder().collectionName(NAME)
        .fieldName("vector").build()).getIndexDescByFieldName("vector");
    assertThat(index.getIndexType()).isEqualTo(IndexParam.IndexType.AUTOINDEX);
    assertThat(index.getMetricType()).isEqualTo(MetricType.COSINE);
    assertThat(index.getIndexName()).isEqualTo("vector");
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(NAME).build())).isTrue();

    // Aliases: the V2 describe response carries none, so they are read through listAliases.
    assertThat(client.listAliases(ListAliasesReq.builder().collectionName(NAME).build()).getAlias()).isEmpty();
    client.createAlias(CreateAliasReq.builder().collectionName(NAME).alias("quick_alias").build());
    try {
      assertThat(client.listAliases(ListAliasesReq.builder().collectionName(NAME).build()).getAlias())
          .containsExactly("quick_alias");
      assertThat(client.describeCollection(DescribeCollectionReq.builder().collectionName("quick_alias").build())
          .getCollectionName()).isEqualTo(NAME);
    } finally {
      client.dropAlias(DropAliasReq.builder().alias("quick_alias").build());
    }
  }

  @Test
  void searchFilteredOnDynamicFieldsReturnsMatchingRowsWithTheirOutputFields() {
    String filter = "color == \"blue\" and rank < 500";
    Random random = new Random(7);
    int limit = 10;
    int found = 0;
    int queries = 10;
    for (int q = 0; q < queries; q++) {
      float[] query = SdkSupport.randomVector(random, DIM);
      SearchResp resp = client.search(SearchReq.builder().collectionName(NAME).data(SdkSupport.queries(query))
          .limit(limit).filter(filter).outputFields(List.of("color", "rank", "title"))
          .consistencyLevel(ConsistencyLevel.STRONG).build());
      List<SearchResp.SearchResult> hits = resp.getSearchResults().get(0);
      assertThat(hits).hasSize(limit);
      int[] matching = IntStream.range(0, ROWS).filter(r -> color(r).equals("blue") && rank(r) < 500).toArray();
      List<SdkSupport.Scored> exact = SdkSupport.ranked(MetricType.COSINE, query, vectors, matching);
      Set<Long> expectedTop = new HashSet<>();
      exact.subList(0, limit).forEach(s -> expectedTop.add((long) s.row()));
      float previous = Float.MAX_VALUE;
      for (SearchResp.SearchResult hit : hits) {
        int row = (int) (long) (Long) hit.getId();
        Map<String, Object> entity = hit.getEntity();
        assertThat(entity.get("color")).isEqualTo("blue");
        assertThat(((Number) entity.get("rank")).intValue()).isEqualTo(rank(row)).isLessThan(500);
        if (row % 3 == 0) {
          assertThat(entity.get("title")).isEqualTo("row " + row);
        } else {
          assertThat(entity).doesNotContainKey("title");
        }
        assertThat((double) hit.getScore()).isCloseTo(SdkSupport.score(MetricType.COSINE, query, vectors[row]), within(2e-3));
        assertThat(hit.getScore()).isLessThanOrEqualTo(previous);
        previous = hit.getScore();
        if (expectedTop.contains((long) row)) {
          found++;
        }
      }
    }
    // AUTOINDEX is approximate: recall against the brute-force top 10 of the filtered rows.
    assertThat(found / (double) (queries * limit)).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void dynamicFieldsComeBackFromQuery() {
    List<Map<String, Object>> rows = client.query(QueryReq.builder().collectionName(NAME).filter("id in [3, 4]")
        .outputFields(List.of("*")).consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().stream()
        .map(r -> r.getEntity()).sorted((a, b) -> Long.compare((Long) a.get("id"), (Long) b.get("id"))).toList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsEntry("id", 3L).containsEntry("color", color(3)).containsEntry("title", "row 3");
    assertThat(((Number) rows.get(0).get("rank")).intValue()).isEqualTo(rank(3));
    assertThat(SdkSupport.floats(rows.get(0).get("vector"))).containsExactly(vectors[3]);
    assertThat(rows.get(1)).containsEntry("id", 4L).containsEntry("color", color(4)).doesNotContainKey("title");
    assertThat(GSON.toJson(rows.get(1).keySet())).contains("vector");
  }
}
