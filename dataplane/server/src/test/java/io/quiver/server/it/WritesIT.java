package io.quiver.server.it;

import static io.quiver.server.it.SdkSupport.assertServerError;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.common.IndexParam.MetricType;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.partition.request.DropPartitionReq;
import io.milvus.v2.service.partition.request.GetPartitionStatsReq;
import io.milvus.v2.service.partition.request.HasPartitionReq;
import io.milvus.v2.service.partition.request.ListPartitionsReq;
import io.milvus.v2.service.partition.request.LoadPartitionsReq;
import io.milvus.v2.service.partition.request.ReleasePartitionsReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.response.DeleteResp;
import io.milvus.v2.service.vector.response.InsertResp;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.milvus.v2.service.vector.response.UpsertResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes: upsert replaces, upsert with autoID, delete by ids and by filter, inserts into
 * partitions, and the partition lifecycle with searches and queries restricted to partitions.
 */
class WritesIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create().with("segment.max-rows", "1024");

  static MilvusClientV2 client;

  @BeforeAll
  static void connect() {
    client = SdkSupport.client(QUIVER);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  static void create(String name, boolean autoId) {
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).autoID(autoId).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(4).build());
    schema.addField(AddFieldReq.builder().fieldName("label").dataType(DataType.VarChar).maxLength(32).build());
    schema.addField(AddFieldReq.builder().fieldName("n").dataType(DataType.Int64).build());
    client.createCollection(CreateCollectionReq.builder().collectionName(name).collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
            .metricType(MetricType.L2).build()))
        .build());
  }

  static JsonObject row(Long id, float[] vec, String label, long n) {
    JsonObject r = new JsonObject();
    if (id != null) {
      r.addProperty("id", id);
    }
    r.add("vec", SdkSupport.json(vec));
    r.addProperty("label", label);
    r.addProperty("n", n);
    return r;
  }

  static float[] vec(long i) {
    return new float[] {i, i % 7, -i, 1};
  }

  static List<JsonObject> rows(long from, long to, String label) {
    List<JsonObject> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(row(i, vec(i), label, i));
    }
    return out;
  }

  static Map<Long, Map<String, Object>> all(String collection, String filter, List<String> partitions) {
    // Milvus accepts an empty filter only with a limit.
    QueryResp resp = client.query(QueryReq.builder().collectionName(collection).filter(filter).partitionNames(partitions)
        .limit(filter.isEmpty() ? 16_384 : 0).outputFields(List.of("*")).consistencyLevel(ConsistencyLevel.STRONG).build());
    Map<Long, Map<String, Object>> out = new HashMap<>();
    for (QueryResp.QueryResult r : resp.getQueryResults()) {
      assertThat(out.put((Long) r.getEntity().get("id"), r.getEntity())).as("duplicate id %s", r.getEntity().get("id")).isNull();
    }
    return out;
  }

  static long count(String collection) {
    return (Long) client.query(QueryReq.builder().collectionName(collection).outputFields(List.of("count(*)"))
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().get(0).getEntity().get("count(*)");
  }

  // ------------------------------------------------------------------ upsert

  @Test
  void upsertReplacesExistingRowsAndInsertsNewOnes() {
    create("upserts", false);
    client.insert(InsertReq.builder().collectionName("upserts").data(rows(0, 100, "old")).build());
    List<JsonObject> changes = new ArrayList<>();
    for (long i = 90; i < 110; i++) {
      changes.add(row(i, new float[] {-i, 0, 0, 0}, "new", i * 1000));
    }
    UpsertResp resp = client.upsert(UpsertReq.builder().collectionName("upserts").data(changes).build());
    assertThat(resp.getUpsertCnt()).isEqualTo(20);
    assertThat(resp.getPrimaryKeys()).containsExactlyElementsOf(LongRange.of(90, 110));

    Map<Long, Map<String, Object>> rows = all("upserts", "", List.of());
    assertThat(rows).hasSize(110);
    assertThat(count("upserts")).isEqualTo(110);
    for (long i = 0; i < 110; i++) {
      Map<String, Object> r = rows.get(i);
      if (i < 90) {
        assertThat(r).containsEntry("label", "old").containsEntry("n", i);
        assertThat(SdkSupport.floats(r.get("vec"))).containsExactly(vec(i));
      } else {
        assertThat(r).containsEntry("label", "new").containsEntry("n", i * 1000);
        assertThat(SdkSupport.floats(r.get("vec"))).containsExactly(-i, 0, 0, 0);
      }
    }
    assertThat(all("upserts", "label == \"old\" and id >= 90", List.of())).isEmpty();
    // The old vectors are gone from search too: the old vector of 95 now finds another row first.
    SearchResp search = client.search(SearchReq.builder().collectionName("upserts").data(SdkSupport.queries(vec(95)))
        .limit(3).outputFields(List.of("label")).consistencyLevel(ConsistencyLevel.STRONG).build());
    for (SearchResp.SearchResult hit : search.getSearchResults().get(0)) {
      assertThat(hit.getId()).isNotEqualTo(95L);
    }

    // Upserting the same key twice in a row keeps one row with the last value.
    client.upsert(UpsertReq.builder().collectionName("upserts").data(List.of(row(5L, vec(5), "first", 1))).build());
    client.upsert(UpsertReq.builder().collectionName("upserts").data(List.of(row(5L, vec(5), "second", 2))).build());
    assertThat(all("upserts", "id == 5", List.of()).get(5L)).containsEntry("label", "second").containsEntry("n", 2L);
    assertThat(count("upserts")).isEqualTo(110);
  }

  @Test
  void upsertOnAnAutoIdCollectionReplacesTheRowUnderTheKeyItReturns() {
    create("auto_upserts", true);
    InsertResp inserted = client.insert(InsertReq.builder().collectionName("auto_upserts")
        .data(List.of(row(null, vec(1), "a", 1), row(null, vec(2), "b", 2), row(null, vec(3), "c", 3))).build());
    assertThat(inserted.getPrimaryKeys()).hasSize(3).doesNotHaveDuplicates();
    long b = (Long) inserted.getPrimaryKeys().get(1);
    Map<Long, Map<String, Object>> before = all("auto_upserts", "", List.of());
    assertThat(before.keySet()).containsExactlyInAnyOrderElementsOf(inserted.getPrimaryKeys().stream().map(k -> (Long) k).toList());

    UpsertResp upserted = client.upsert(UpsertReq.builder().collectionName("auto_upserts")
        .data(List.of(row(b, vec(20), "b2", 20))).build());
    assertThat(upserted.getUpsertCnt()).isEqualTo(1);
    assertThat(upserted.getPrimaryKeys()).hasSize(1);
    long key = (Long) upserted.getPrimaryKeys().get(0);
    Map<Long, Map<String, Object>> after = all("auto_upserts", "", List.of());
    assertThat(after).hasSize(3);
    assertThat(after.get(key)).containsEntry("label", "b2").containsEntry("n", 20L);
    assertThat(after.values().stream().map(r -> r.get("label")).toList()).containsExactlyInAnyOrder("a", "b2", "c");
  }

  // ------------------------------------------------------------------ delete

  @Test
  void deleteByIdsRemovesExactlyThoseRows() {
    create("deletes_by_id", false);
    client.insert(InsertReq.builder().collectionName("deletes_by_id").data(rows(0, 1500, "x")).build());
    DeleteResp resp = client.delete(DeleteReq.builder().collectionName("deletes_by_id").ids(List.of(0L, 7L, 1024L, 1499L)).build());
    assertThat(resp.getDeleteCnt()).isEqualTo(4);
    Map<Long, Map<String, Object>> rows = all("deletes_by_id", "", List.of());
    assertThat(rows).hasSize(1496).doesNotContainKeys(0L, 7L, 1024L, 1499L).containsKeys(1L, 6L, 8L, 1023L, 1025L, 1498L);
    assertThat(count("deletes_by_id")).isEqualTo(1496);
    // The deleted rows are gone from search as well.
    SearchResp search = client.search(SearchReq.builder().collectionName("deletes_by_id").data(SdkSupport.queries(vec(7)))
        .limit(2).consistencyLevel(ConsistencyLevel.STRONG).build());
    assertThat(search.getSearchResults().get(0).stream().map(SearchResp.SearchResult::getId)).doesNotContain(7L);
    // Deleting an absent key is not an error and removes nothing.
    client.delete(DeleteReq.builder().collectionName("deletes_by_id").ids(List.of(99_999L)).build());
    assertThat(count("deletes_by_id")).isEqualTo(1496);
    // A deleted key can be inserted again.
    client.insert(InsertReq.builder().collectionName("deletes_by_id").data(List.of(row(7L, vec(7), "again", 7))).build());
    assertThat(all("deletes_by_id", "id == 7", List.of()).get(7L)).containsEntry("label", "again");
  }

  @Test
  void deleteByFilterRemovesEveryMatchingRowAndCountsThem() {
    create("deletes_by_filter", false);
    client.insert(InsertReq.builder().collectionName("deletes_by_filter").data(rows(0, 2000, "y")).build());
    DeleteResp resp = client.delete(DeleteReq.builder().collectionName("deletes_by_filter").filter("n % 3 == 0 and n < 1500")
        .build());
    long expected = IntStream.range(0, 2000).filter(n -> n % 3 == 0 && n < 1500).count();
    assertThat(resp.getDeleteCnt()).isEqualTo(expected);
    Map<Long, Map<String, Object>> rows = all("deletes_by_filter", "", List.of());
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(
        LongRange.of(0, 2000).stream().filter(n -> !(n % 3 == 0 && n < 1500)).toList());
    // Deleting again matches nothing.
    assertThat(client.delete(DeleteReq.builder().collectionName("deletes_by_filter").filter("n % 3 == 0 and n < 1500").build())
        .getDeleteCnt()).isZero();
    // Template values work in delete filters too.
    DeleteResp templated = client.delete(DeleteReq.builder().collectionName("deletes_by_filter").filter("n >= {from}")
        .filterTemplateValues(new HashMap<>(Map.of("from", 1990L))).build());
    assertThat(templated.getDeleteCnt()).isEqualTo(10);
    assertThat(count("deletes_by_filter")).isEqualTo(2000 - expected - 10);
  }

  // ------------------------------------------------------------------ partitions

  @Test
  void partitionsIsolateTheirRowsForQuerySearchStatisticsAndDrop() {
    String c = "parted";
    create(c, false);
    client.createPartition(CreatePartitionReq.builder().collectionName(c).partitionName("p1").build());
    client.createPartition(CreatePartitionReq.builder().collectionName(c).partitionName("p2").build());
    assertThat(client.hasPartition(HasPartitionReq.builder().collectionName(c).partitionName("p1").build())).isTrue();
    assertThat(client.hasPartition(HasPartitionReq.builder().collectionName(c).partitionName("p3").build())).isFalse();
    assertThat(client.listPartitions(ListPartitionsReq.builder().collectionName(c).build()))
        .containsExactlyInAnyOrder("_default", "p1", "p2");

    client.insert(InsertReq.builder().collectionName(c).partitionName("p1").data(rows(0, 100, "p1")).build());
    client.insert(InsertReq.builder().collectionName(c).partitionName("p2").data(rows(100, 250, "p2")).build());
    client.insert(InsertReq.builder().collectionName(c).data(rows(250, 300, "default")).build());

    assertThat(stats(c, "p1")).isEqualTo(100);
    assertThat(stats(c, "p2")).isEqualTo(150);
    assertThat(stats(c, "_default")).isEqualTo(50);
    assertThat(client.getCollectionStats(GetCollectionStatsReq.builder().collectionName(c).build()).getNumOfEntities())
        .isEqualTo(300);

    assertThat(all(c, "", List.of("p1")).keySet()).containsExactlyInAnyOrderElementsOf(LongRange.of(0, 100));
    assertThat(all(c, "id >= 50", List.of("p1", "_default")).keySet())
        .containsExactlyInAnyOrderElementsOf(concat(LongRange.of(50, 100), LongRange.of(250, 300)));

    // Search restricted to p2 ranks only p2's rows: the nearest p2 row to vec(10) is 100.
    SearchResp search = client.search(SearchReq.builder().collectionName(c).partitionNames(List.of("p2"))
        .data(SdkSupport.queries(vec(10))).limit(5).outputFields(List.of("label")).consistencyLevel(ConsistencyLevel.STRONG).build());
    List<SearchResp.SearchResult> hits = search.getSearchResults().get(0);
    assertThat(hits).hasSize(5);
    float[][] vectors = new float[300][];
    for (int i = 0; i < 300; i++) {
      vectors[i] = vec(i);
    }
    List<SdkSupport.Scored> expected = SdkSupport.ranked(MetricType.L2, vec(10), vectors, IntStream.range(100, 250).toArray());
    assertThat(hits.stream().map(h -> (Long) h.getId()).toList())
        .containsExactlyElementsOf(expected.subList(0, 5).stream().map(s -> (long) s.row()).toList());
    hits.forEach(h -> assertThat(h.getEntity()).containsEntry("label", "p2"));

    // Deleting through a partition only touches that partition.
    assertThat(client.delete(DeleteReq.builder().collectionName(c).partitionName("p1").filter("id < 10 or id >= 290").build())
        .getDeleteCnt()).isEqualTo(10);
    assertThat(stats(c, "p1")).isEqualTo(90);
    assertThat(stats(c, "_default")).isEqualTo(50);

    // Load only p1: p1 is loaded, p2 is not, and searches see p1 only.
    client.releaseCollection(ReleaseCollectionReq.builder().collectionName(c).build());
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(c).build())).isFalse();
    client.loadPartitions(LoadPartitionsReq.builder().collectionName(c).partitionNames(List.of("p1")).build());
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(c).partitionName("p1").build())).isTrue();
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(c).partitionName("p2").build())).isFalse();
    assertThat(all(c, "", List.of()).keySet()).containsExactlyInAnyOrderElementsOf(LongRange.of(10, 100));
    assertServerError(() -> client.query(QueryReq.builder().collectionName(c).partitionNames(List.of("p2")).filter("id > 0")
        .consistencyLevel(ConsistencyLevel.STRONG).build()), "p2");

    // A loaded partition cannot be dropped; released, it can, and its rows are gone.
    client.loadCollection(LoadCollectionReq.builder().collectionName(c).build());
    assertServerError(() -> client.dropPartition(DropPartitionReq.builder().collectionName(c).partitionName("p2").build()), "p2");
    client.releasePartitions(ReleasePartitionsReq.builder().collectionName(c).partitionNames(List.of("p2")).build());
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(c).partitionName("p2").build())).isFalse();
    client.dropPartition(DropPartitionReq.builder().collectionName(c).partitionName("p2").build());
    assertThat(client.hasPartition(HasPartitionReq.builder().collectionName(c).partitionName("p2").build())).isFalse();
    assertThat(client.listPartitions(ListPartitionsReq.builder().collectionName(c).build())).containsExactlyInAnyOrder("_default", "p1");
    assertThat(count(c)).isEqualTo(90 + 50);
    assertThat(client.getCollectionStats(GetCollectionStatsReq.builder().collectionName(c).build()).getNumOfEntities())
        .isEqualTo(140);
    assertServerError(() -> client.dropPartition(DropPartitionReq.builder().collectionName(c).partitionName("_default").build()),
        "default partition");
    assertServerError(() -> client.insert(InsertReq.builder().collectionName(c).partitionName("p2").data(rows(900, 901, "x"))
        .build()), "p2");
  }

  @Test
  void upsertIntoAnotherPartitionMovesTheRow() {
    String c = "moving_rows";
    create(c, false);
    client.createPartition(CreatePartitionReq.builder().collectionName(c).partitionName("a").build());
    client.createPartition(CreatePartitionReq.builder().collectionName(c).partitionName("b").build());
    client.insert(InsertReq.builder().collectionName(c).partitionName("a").data(rows(0, 10, "in-a")).build());
    client.upsert(UpsertReq.builder().collectionName(c).partitionName("b").data(rows(3, 5, "in-b")).build());
    assertThat(all(c, "id >= 0", List.of("a")).keySet()).containsExactlyInAnyOrder(0L, 1L, 2L, 5L, 6L, 7L, 8L, 9L);
    assertThat(all(c, "id >= 0", List.of("b")).keySet()).containsExactlyInAnyOrder(3L, 4L);
    assertThat(count(c)).isEqualTo(10);
    assertThat(stats(c, "a")).isEqualTo(8);
    assertThat(stats(c, "b")).isEqualTo(2);
    // A delete through a partition leaves the same key elsewhere alone.
    client.delete(DeleteReq.builder().collectionName(c).partitionName("a").ids(List.of(3L, 6L)).build());
    assertThat(all(c, "id in [3, 6]", List.of()).keySet()).containsExactly(3L);
    // count(*) restricted to partitions.
    assertThat((Long) client.query(QueryReq.builder().collectionName(c).partitionNames(List.of("b"))
        .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().get(0)
        .getEntity().get("count(*)")).isEqualTo(2L);
  }

  @Test
  void readsOfAnEmptyCollectionReturnEmptyResultsPerQuery() {
    String c = "still_empty";
    create(c, false);
    SearchResp search = client.search(SearchReq.builder().collectionName(c).data(SdkSupport.queries(vec(1), vec(2))).limit(5)
        .outputFields(List.of("label")).consistencyLevel(ConsistencyLevel.STRONG).build());
    assertThat(search.getSearchResults()).hasSize(2).allSatisfy(hits -> assertThat(hits).isEmpty());
    assertThat(all(c, "id >= 0", List.of())).isEmpty();
    assertThat(count(c)).isZero();
    // Everything deleted reads as empty too.
    client.insert(InsertReq.builder().collectionName(c).data(rows(0, 3, "gone")).build());
    assertThat(client.delete(DeleteReq.builder().collectionName(c).filter("id >= 0").build()).getDeleteCnt()).isEqualTo(3);
    assertThat(client.search(SearchReq.builder().collectionName(c).data(SdkSupport.queries(vec(1))).limit(5)
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getSearchResults().get(0)).isEmpty();
    assertThat(count(c)).isZero();
  }

  @Test
  void partitionKeyRoutesRowsAndFiltersOnTheKey() {
    String c = "by_tenant";
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(4).build());
    schema.addField(AddFieldReq.builder().fieldName("tenant").dataType(DataType.VarChar).maxLength(16).isPartitionKey(true).build());
    client.createCollection(CreateCollectionReq.builder().collectionName(c).collectionSchema(schema).numPartitions(4)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
            .metricType(MetricType.L2).build()))
        .build());
    assertThat(client.describeCollection(io.milvus.v2.service.collection.request.DescribeCollectionReq.builder()
        .collectionName(c).build()).getNumOfPartitions()).isEqualTo(4);
    assertThat(client.describeCollection(io.milvus.v2.service.collection.request.DescribeCollectionReq.builder()
        .collectionName(c).build()).getCollectionSchema().getField("tenant").getIsPartitionKey()).isTrue();
    List<JsonObject> data = new ArrayList<>();
    String[] tenants = {"acme", "globex", "initech", "umbrella", "hooli"};
    for (long i = 0; i < 500; i++) {
      JsonObject r = new JsonObject();
      r.addProperty("id", i);
      r.add("vec", SdkSupport.json(vec(i)));
      r.addProperty("tenant", tenants[(int) (i % tenants.length)]);
      data.add(r);
    }
    client.insert(InsertReq.builder().collectionName(c).data(data).build());
    assertThat(all(c, "tenant == \"initech\"", List.of()).keySet())
        .containsExactlyInAnyOrderElementsOf(LongRange.of(0, 500).stream().filter(i -> i % 5 == 2).toList());
    SearchResp found = client.search(SearchReq.builder().collectionName(c).data(SdkSupport.queries(vec(3))).limit(3)
        .filter("tenant in [\"hooli\", \"acme\"]").outputFields(List.of("tenant")).consistencyLevel(ConsistencyLevel.STRONG)
        .build());
    float[][] vectors = new float[500][];
    for (int i = 0; i < 500; i++) {
      vectors[i] = vec(i);
    }
    List<SdkSupport.Scored> expected = SdkSupport.ranked(MetricType.L2, vec(3), vectors,
        IntStream.range(0, 500).filter(i -> i % 5 == 0 || i % 5 == 4).toArray());
    assertThat(found.getSearchResults().get(0).stream().map(h -> (Long) h.getId()).toList())
        .containsExactlyElementsOf(expected.subList(0, 3).stream().map(s -> (long) s.row()).toList());
    assertThat(count(c)).isEqualTo(500);
    // Partitions are managed by the key: they cannot be created by hand.
    assertServerError(() -> client.createPartition(CreatePartitionReq.builder().collectionName(c).partitionName("p").build()),
        "partition");
  }

  @Test
  void upsertReplacesDynamicFieldsToo() {
    String c = "dynamic_upserts";
    client.createCollection(CreateCollectionReq.builder().collectionName(c).dimension(4).build());
    JsonObject first = new JsonObject();
    first.addProperty("id", 1L);
    first.add("vector", SdkSupport.json(vec(1)));
    first.addProperty("colour", "red");
    first.addProperty("size", 3);
    client.insert(InsertReq.builder().collectionName(c).data(List.of(first)).build());
    JsonObject second = new JsonObject();
    second.addProperty("id", 1L);
    second.add("vector", SdkSupport.json(vec(2)));
    second.addProperty("shape", "round");
    client.upsert(UpsertReq.builder().collectionName(c).data(List.of(second)).build());
    Map<String, Object> row = all(c, "id == 1", List.of()).get(1L);
    assertThat(row).containsOnlyKeys("id", "vector", "shape").containsEntry("shape", "round");
    assertThat(all(c, "colour == \"red\"", List.of())).isEmpty();
    assertThat(all(c, "shape == \"round\"", List.of()).keySet()).containsExactly(1L);
  }

  static long stats(String collection, String partition) {
    return client.getPartitionStats(GetPartitionStatsReq.builder().collectionName(collection).partitionName(partition).build())
        .getNumOfEntities();
  }

  static List<Long> concat(List<Long> a, List<Long> b) {
    List<Long> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** Ranges of longs as lists. */
  static final class LongRange {
    static List<Long> of(long from, long to) {
      return java.util.stream.LongStream.range(from, to).boxed().toList();
    }
  }

}
