package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.GetReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Query: count(*) with and without a filter, limit/offset paging, get by ids, output {@code *}
 * with dynamic keys, chosen dynamic keys and vector fields.
 */
class QueryIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create().with("segment.max-rows", "1024");

  static final String NAME = "query_target";
  static final String VARCHAR_PK = "query_varchar_pk";
  static final int ROWS = 2_500;

  static MilvusClientV2 client;
  static float[][] vectors;
  static final List<String> varcharKeys = new ArrayList<>();

  static double score(int row) {
    return (row * 37 % 100) / 100.0;
  }

  static String name(int row) {
    return "name-" + row;
  }

  @BeforeAll
  static void createAndInsert() {
    client = SdkSupport.client(QUIVER);
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().enableDynamicField(true).build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(4).build());
    schema.addField(AddFieldReq.builder().fieldName("name").dataType(DataType.VarChar).maxLength(20).build());
    schema.addField(AddFieldReq.builder().fieldName("score").dataType(DataType.Double).build());
    client.createCollection(CreateCollectionReq.builder().collectionName(NAME).collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
            .metricType(IndexParam.MetricType.IP).build()))
        .build());
    Random random = new Random(3);
    vectors = new float[ROWS][];
    // Inserted in shuffled key order across several batches (and segments of 1,024 rows).
    List<Integer> order = new ArrayList<>(IntStream.range(0, ROWS).boxed().toList());
    java.util.Collections.shuffle(order, random);
    List<JsonObject> batch = new ArrayList<>();
    for (int r : order) {
      vectors[r] = SdkSupport.randomVector(new Random(r), 4);
      JsonObject row = new JsonObject();
      row.addProperty("id", (long) r * 10);
      row.add("vec", SdkSupport.json(vectors[r]));
      row.addProperty("name", name(r));
      row.addProperty("score", score(r));
      if (r % 2 == 0) {
        row.addProperty("dk", r / 2);
      }
      if (r % 3 == 0) {
        row.add("tag", SdkSupport.object("t", "x" + r, "list", List.of(r, r + 1)));
      }
      batch.add(row);
      if (batch.size() == 500) {
        client.insert(InsertReq.builder().collectionName(NAME).data(batch).build());
        batch = new ArrayList<>();
      }
    }

    CreateCollectionReq.CollectionSchema vs = CreateCollectionReq.CollectionSchema.builder().build();
    vs.addField(AddFieldReq.builder().fieldName("pk").dataType(DataType.VarChar).maxLength(12).isPrimaryKey(true).build());
    vs.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(2).build());
    client.createCollection(CreateCollectionReq.builder().collectionName(VARCHAR_PK).collectionSchema(vs)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
            .metricType(IndexParam.MetricType.L2).build()))
        .build());
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      String key = Integer.toString(random.nextInt(1_000_000), 36);
      if (varcharKeys.contains(key)) {
        continue;
      }
      varcharKeys.add(key);
      JsonObject row = new JsonObject();
      row.addProperty("pk", key);
      row.add("vec", SdkSupport.json(new float[] {i, -i}));
      rows.add(row);
    }
    client.insert(InsertReq.builder().collectionName(VARCHAR_PK).data(rows).build());
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  static QueryReq.QueryReqBuilder<?, ?> query(String collection) {
    return QueryReq.builder().collectionName(collection).consistencyLevel(ConsistencyLevel.STRONG);
  }

  static long count(String filter) {
    QueryResp resp = client.query(query(NAME).filter(filter).outputFields(List.of("count(*)")).build());
    assertThat(resp.getQueryResults()).hasSize(1);
    return (Long) resp.getQueryResults().get(0).getEntity().get("count(*)");
  }

  @Test
  void countStarCountsAllRowsOrTheFilteredOnes() {
    assertThat(count("")).isEqualTo(ROWS);
    assertThat(count("score >= 0.5")).isEqualTo(IntStream.range(0, ROWS).filter(r -> score(r) >= 0.5).count());
    assertThat(count("dk > 100")).isEqualTo(IntStream.range(0, ROWS).filter(r -> r % 2 == 0 && r / 2 > 100).count());
    assertThat(count("id < 0")).isZero();
  }

  @Test
  void limitOffsetPagesConcatenateToTheWholeResultInPrimaryKeyOrder() {
    List<Long> whole = client.query(query(NAME).filter("score < 0.7").outputFields(List.of("id")).build())
        .getQueryResults().stream().map(r -> (Long) r.getEntity().get("id")).toList();
    List<Long> expected = IntStream.range(0, ROWS).filter(r -> score(r) < 0.7).mapToObj(r -> r * 10L).toList();
    assertThat(whole).containsExactlyInAnyOrderElementsOf(expected);

    List<Long> paged = new ArrayList<>();
    int pageSize = 97;
    for (int offset = 0; ; offset += pageSize) {
      List<Long> page = client.query(query(NAME).filter("score < 0.7").outputFields(List.of("id")).limit(pageSize)
          .offset(offset).build()).getQueryResults().stream().map(r -> (Long) r.getEntity().get("id")).toList();
      assertThat(page.size()).isLessThanOrEqualTo(pageSize);
      paged.addAll(page);
      if (page.size() < pageSize) {
        break;
      }
    }
    assertThat(paged).containsExactlyElementsOf(expected.stream().sorted().toList());
  }

  @Test
  void limitWithoutFilterReturnsTheSmallestKeys() {
    List<Long> first = client.query(query(NAME).outputFields(List.of("id")).limit(5).build())
        .getQueryResults().stream().map(r -> (Long) r.getEntity().get("id")).toList();
    assertThat(first).containsExactly(0L, 10L, 20L, 30L, 40L);
  }

  @Test
  void varcharKeysPageInLexicographicOrder() {
    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < varcharKeys.size(); offset += 40) {
      client.query(query(VARCHAR_PK).filter("pk != \"\"").outputFields(List.of("pk")).limit(40).offset(offset).build())
          .getQueryResults().forEach(r -> paged.add((String) r.getEntity().get("pk")));
    }
    assertThat(paged).containsExactlyElementsOf(varcharKeys.stream().sorted().toList());
    List<String> some = List.of(varcharKeys.get(3), varcharKeys.get(77), "no-such-key");
    List<String> got = client.get(GetReq.builder().collectionName(VARCHAR_PK).ids(new ArrayList<>(some)).build())
        .getGetResults().stream().map(r -> (String) r.getEntity().get("pk")).toList();
    assertThat(got).containsExactlyInAnyOrder(varcharKeys.get(3), varcharKeys.get(77));
  }

  @Test
  void getByIdsReturnsEveryFieldOfExistingRowsOnly() {
    List<QueryResp.QueryResult> rows = client.get(GetReq.builder().collectionName(NAME)
        .ids(List.of(30L, 40L, 123456L)).build()).getGetResults();
    Map<Long, Map<String, Object>> byId = new HashMap<>();
    rows.forEach(r -> byId.put((Long) r.getEntity().get("id"), r.getEntity()));
    assertThat(byId.keySet()).containsExactlyInAnyOrder(30L, 40L);
    Map<String, Object> r3 = byId.get(30L);
    assertThat(r3).containsEntry("name", name(3)).containsEntry("score", score(3)).containsKey("tag")
        .doesNotContainKey("dk").doesNotContainKey("$meta");
    assertThat(SdkSupport.floats(r3.get("vec"))).containsExactly(vectors[3]);
    Map<String, Object> r4 = byId.get(40L);
    assertThat(r4).containsEntry("dk", 2L).doesNotContainKey("tag");

    List<QueryResp.QueryResult> some = client.get(GetReq.builder().collectionName(NAME).ids(List.of(60L))
        .outputFields(List.of("name")).build()).getGetResults();
    assertThat(some).hasSize(1);
    assertThat(some.get(0).getEntity()).containsOnlyKeys("id", "name").containsEntry("name", name(6));
  }

  @Test
  void queryByIdsWithFilterIntersectsBoth() {
    List<Long> got = client.query(query(NAME).ids(List.of(0L, 10L, 20L, 30L)).outputFields(List.of("id")).build())
        .getQueryResults().stream().map(r -> (Long) r.getEntity().get("id")).sorted().toList();
    assertThat(got).containsExactly(0L, 10L, 20L, 30L);
  }

  @Test
  void starOutputFlattensEveryDynamicKeyIntoTheRow() {
    List<QueryResp.QueryResult> rows = client.query(query(NAME).filter("id in [60, 70, 80]").outputFields(List.of("*"))
        .build()).getQueryResults();
    Map<Long, Map<String, Object>> byId = new HashMap<>();
    rows.forEach(r -> byId.put((Long) r.getEntity().get("id"), r.getEntity()));
    // row 6: dk and tag; row 7: neither; row 8: dk only
    assertThat(byId.get(60L)).containsOnlyKeys("id", "vec", "name", "score", "dk", "tag").containsEntry("dk", 3L);
    assertThat(byId.get(60L).get("tag").toString()).isEqualTo(SdkSupport.object("t", "x6", "list", List.of(6, 7)).toString());
    assertThat(byId.get(70L)).containsOnlyKeys("id", "vec", "name", "score");
    assertThat(byId.get(80L)).containsOnlyKeys("id", "vec", "name", "score", "dk").containsEntry("dk", 4L);
  }

  @Test
  void chosenDynamicKeysComeBackAloneWithThePrimaryKey() {
    List<QueryResp.QueryResult> rows = client.query(query(NAME).filter("id in [60, 70, 80]").outputFields(List.of("dk", "score"))
        .build()).getQueryResults();
    Map<Long, Map<String, Object>> byId = new HashMap<>();
    rows.forEach(r -> byId.put((Long) r.getEntity().get("id"), r.getEntity()));
    assertThat(byId.get(60L)).containsOnlyKeys("id", "dk", "score").containsEntry("dk", 3L).containsEntry("score", score(6));
    assertThat(byId.get(70L)).containsOnlyKeys("id", "score");
    assertThat(byId.get(80L)).containsOnlyKeys("id", "dk", "score").containsEntry("dk", 4L);
  }

  @Test
  void vectorFieldsComeBackExactly() {
    List<QueryResp.QueryResult> rows = client.query(query(NAME).filter("id >= 20000").outputFields(List.of("vec")).build())
        .getQueryResults();
    assertThat(rows).hasSize(ROWS - 2_000);
    for (QueryResp.QueryResult r : rows) {
      int row = (int) ((Long) r.getEntity().get("id") / 10);
      assertThat(r.getEntity()).containsOnlyKeys("id", "vec");
      assertThat(SdkSupport.floats(r.getEntity().get("vec"))).containsExactly(vectors[row]);
    }
  }

  @Test
  void queryWithoutConsistencyLevelSeesTheClientsOwnWrites() {
    // No level: the SDK sends its session timestamp; the collection default is Bounded.
    JsonObject row = new JsonObject();
    row.addProperty("id", 999_999L);
    row.add("vec", SdkSupport.json(new float[] {1, 1, 1, 1}));
    row.addProperty("name", "fresh");
    row.addProperty("score", 2.0);
    client.insert(InsertReq.builder().collectionName(NAME).data(List.of(row)).build());
    List<QueryResp.QueryResult> got = client.query(QueryReq.builder().collectionName(NAME).filter("name == \"fresh\"")
        .outputFields(List.of("id")).build()).getQueryResults();
    assertThat(got).hasSize(1);
    assertThat(got.get(0).getEntity()).containsEntry("id", 999_999L);
    client.delete(io.milvus.v2.service.vector.request.DeleteReq.builder().collectionName(NAME).ids(List.of(999_999L)).build());
    assertThat(client.query(QueryReq.builder().collectionName(NAME).filter("name == \"fresh\"").outputFields(List.of("id"))
        .build()).getQueryResults()).isEmpty();
  }

  @Test
  void queryIteratorVisitsEveryMatchingRowOnceInKeyOrder() {
    io.milvus.orm.iterator.QueryIterator it = client.queryIterator(io.milvus.v2.service.vector.request.QueryIteratorReq.builder()
        .collectionName(NAME).expr("score < 0.3").outputFields(List.of("id", "name")).batchSize(128).build());
    List<Long> seen = new ArrayList<>();
    try {
      while (true) {
        List<io.milvus.response.QueryResultsWrapper.RowRecord> batch = it.next();
        if (batch.isEmpty()) {
          break;
        }
        assertThat(batch.size()).isLessThanOrEqualTo(128);
        for (io.milvus.response.QueryResultsWrapper.RowRecord r : batch) {
          long id = (Long) r.get("id");
          assertThat(r.get("name")).isEqualTo(name((int) (id / 10)));
          seen.add(id);
        }
      }
    } finally {
      it.close();
    }
    assertThat(seen).containsExactlyElementsOf(IntStream.range(0, ROWS).filter(r -> score(r) < 0.3).mapToObj(r -> r * 10L).toList());
  }

  @Test
  void searchWithStarOutputReturnsEveryFieldAndTheDynamicColumn() {
    io.milvus.v2.service.vector.response.SearchResp resp = client.search(io.milvus.v2.service.vector.request.SearchReq.builder()
        .collectionName(NAME).data(SdkSupport.queries(vectors[6])).limit(1).filter("id == 60").outputFields(List.of("*"))
        .consistencyLevel(ConsistencyLevel.STRONG).build());
    Map<String, Object> entity = resp.getSearchResults().get(0).get(0).getEntity();
    // As with Milvus, "*" lists the dynamic column "$meta", which the Java SDK returns as one JSON object.
    assertThat(entity).containsOnlyKeys("id", "name", "score", "vec", "$meta").containsEntry("id", 60L)
        .containsEntry("name", name(6)).containsEntry("score", score(6));
    assertThat(entity.get("$meta").toString()).isEqualTo("{\"dk\":3,\"tag\":{\"t\":\"x6\",\"list\":[6,7]}}");
    assertThat(SdkSupport.floats(entity.get("vec"))).containsExactly(vectors[6]);
  }
}
