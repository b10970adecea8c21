package io.quiver.server.it;

import static io.quiver.server.it.SdkSupport.assertServerError;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.grpc.ManagedChannel;
import io.milvus.grpc.FlushRequest;
import io.milvus.grpc.FlushResponse;
import io.milvus.grpc.GetFlushStateRequest;
import io.milvus.grpc.GetFlushStateResponse;
import io.milvus.grpc.GetIndexBuildProgressRequest;
import io.milvus.grpc.GetIndexBuildProgressResponse;
import io.milvus.grpc.GetIndexStateRequest;
import io.milvus.grpc.GetIndexStateResponse;
import io.milvus.grpc.GetIndexStatisticsRequest;
import io.milvus.grpc.GetIndexStatisticsResponse;
import io.milvus.grpc.GetLoadingProgressRequest;
import io.milvus.grpc.GetLoadingProgressResponse;
import io.milvus.grpc.IndexState;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.common.IndexParam.MetricType;
import io.milvus.v2.service.collection.request.AddCollectionFieldReq;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.AlterCollectionFieldReq;
import io.milvus.v2.service.collection.request.AlterCollectionPropertiesReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionPropertiesReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.AlterIndexPropertiesReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.DropIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.partition.request.LoadPartitionsReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Collection administration: indexes (create, describe, list, state, progress, statistics,
 * alter, drop), load and release with their state and progress, flush and its state,
 * statistics, schema evolution (AddCollectionField, AlterCollectionField), collection
 * properties, the collection lifecycle, health and version.
 */
class CollectionAdminIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create().with("segment.max-rows", "1024");

  static MilvusClientV2 client;
  static ManagedChannel channel;
  static MilvusServiceGrpc.MilvusServiceBlockingStub stub;

  @BeforeAll
  static void connect() {
    client = SdkSupport.client(QUIVER);
    channel = SdkSupport.channel(QUIVER);
    stub = SdkSupport.stub(channel);
  }

  @AfterAll
  static void closeClient() throws InterruptedException {
    client.close();
    SdkSupport.close(channel);
  }

  /** A collection with no index: created, not loaded. */
  static void createBare(String name) {
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(8).build());
    schema.addField(AddFieldReq.builder().fieldName("title").dataType(DataType.VarChar).maxLength(16).build());
    client.createCollection(CreateCollectionReq.builder().collectionName(name).collectionSchema(schema).build());
  }

  static List<JsonObject> rows(int from, int to, String titlePrefix) {
    Random random = new Random(from);
    List<JsonObject> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      JsonObject r = new JsonObject();
      r.addProperty("id", (long) i);
      r.add("vec", SdkSupport.json(SdkSupport.randomVector(random, 8)));
      r.addProperty("title", titlePrefix + i);
      out.add(r);
    }
    return out;
  }

  static long count(String collection) {
    return (Long) client.query(QueryReq.builder().collectionName(collection).outputFields(List.of("count(*)"))
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().get(0).getEntity().get("count(*)");
  }

  static IndexParam hnsw() {
    return IndexParam.builder().fieldName("vec").indexName("vec_idx").indexType(IndexParam.IndexType.HNSW)
        .metricType(MetricType.L2).extraParams(Map.of("M", 16, "efConstruction", 100)).build();
  }

  // ------------------------------------------------------------------ indexes, load, flush

  @Test
  void indexLifecycleFromCreateToDrop() throws InterruptedException {
    String c = "indexed";
    createBare(c);
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(c).build())).isFalse();
    assertThat(client.listIndexes(ListIndexesReq.builder().collectionName(c).build())).isEmpty();
    // Loading needs a vector index; the error names the field.
    assertServerError(() -> client.loadCollection(LoadCollectionReq.builder().collectionName(c).build()), "vec");
    client.insert(InsertReq.builder().collectionName(c).data(rows(0, 3000, "t")).build());

    client.createIndex(CreateIndexReq.builder().collectionName(c).indexParams(List.of(hnsw())).build());
    client.createIndex(CreateIndexReq.builder().collectionName(c).indexParams(List.of(IndexParam.builder().fieldName("title")
        .indexName("title_idx").indexType(IndexParam.IndexType.INVERTED).build())).build());
    assertThat(client.listIndexes(ListIndexesReq.builder().collectionName(c).build()))
        .containsExactlyInAnyOrder("vec_idx", "title_idx");
    // The same index again is accepted; a different one on the same field is not.
    client.createIndex(CreateIndexReq.builder().collectionName(c).indexParams(List.of(hnsw())).build());
    assertServerError(() -> client.createIndex(CreateIndexReq.builder().collectionName(c).indexParams(List.of(
        IndexParam.builder().fieldName("vec").indexName("vec_idx").indexType(IndexParam.IndexType.IVF_FLAT)
            .metricType(MetricType.L2).extraParams(Map.of("nlist", 16)).build())).build()), "vec");

    client.flush(FlushReq.builder().collectionNames(List.of(c)).build());
    DescribeIndexResp.IndexDesc vec = SdkSupport.waitForIndex(client, c, "vec");
    assertThat(vec.getIndexName()).isEqualTo("vec_idx");
    assertThat(vec.getFieldName()).isEqualTo("vec");
    assertThat(vec.getIndexType()).isEqualTo(IndexParam.IndexType.HNSW);
    assertThat(vec.getMetricType()).isEqualTo(MetricType.L2);
    assertThat(vec.getExtraParams()).containsEntry("M", "16").containsEntry("efConstruction", "100");
    assertThat(vec.getTotalRows()).isEqualTo(3000);
    assertThat(vec.getIndexedRows()).isEqualTo(3000);
    assertThat(vec.getPendingIndexRows()).isZero();
    DescribeIndexResp.IndexDesc title = client.describeIndex(DescribeIndexReq.builder().collectionName(c).indexName("title_idx")
        .build()).getIndexDescByIndexName("title_idx");
    assertThat(title.getFieldName()).isEqualTo("title");
    assertThat(title.getIndexType()).isEqualTo(IndexParam.IndexType.INVERTED);

    // The RPCs the V2 client has no method for: index state, build progress, statistics.
    GetIndexStateResponse state = stub.getIndexState(GetIndexStateRequest.newBuilder().setCollectionName(c)
        .setIndexName("vec_idx").build());
    assertThat(state.getStatus().getCode()).as(state.getStatus().getReason()).isZero();
    assertThat(state.getState()).isEqualTo(IndexState.Finished);
    GetIndexBuildProgressResponse progress = stub.getIndexBuildProgress(GetIndexBuildProgressRequest.newBuilder()
        .setCollectionName(c).setFieldName("vec").build());
    assertThat(progress.getStatus().getCode()).as(progress.getStatus().getReason()).isZero();
    assertThat(progress.getIndexedRows()).isEqualTo(3000);
    assertThat(progress.getTotalRows()).isEqualTo(3000);
    GetIndexStatisticsResponse stats = stub.getIndexStatistics(GetIndexStatisticsRequest.newBuilder().setCollectionName(c)
        .setIndexName("vec_idx").build());
    assertThat(stats.getStatus().getCode()).as(stats.getStatus().getReason()).isZero();
    assertThat(stats.getIndexDescriptionsList()).hasSize(1);
    assertThat(stats.getIndexDescriptions(0).getIndexName()).isEqualTo("vec_idx");
    assertThat(stats.getIndexDescriptions(0).getTotalRows()).isEqualTo(3000);

    client.alterIndexProperties(AlterIndexPropertiesReq.builder().collectionName(c).indexName("vec_idx")
        .properties(Map.of("mmap.enabled", "true")).build());
    assertThat(client.describeIndex(DescribeIndexReq.builder().collectionName(c).indexName("vec_idx").build())
        .getIndexDescByIndexName("vec_idx").getProperties()).containsEntry("mmap.enabled", "true");

    // Loaded, the index serves searches; a loaded vector index cannot be dropped.
    client.loadCollection(LoadCollectionReq.builder().collectionName(c).build());
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(c).build())).isTrue();
    SearchResp found = client.search(SearchReq.builder().collectionName(c).data(SdkSupport.queries(
        SdkSupport.floats(rowVector(c, 1234)))).limit(1).consistencyLevel(ConsistencyLevel.STRONG).build());
    assertThat(found.getSearchResults().get(0).get(0).getId()).isEqualTo(1234L);
    assertServerError(() -> client.dropIndex(DropIndexReq.builder().collectionName(c).fieldName("vec").build()), "release");

    client.releaseCollection(ReleaseCollectionReq.builder().collectionName(c).build());
    client.dropIndex(DropIndexReq.builder().collectionName(c).fieldName("vec").indexName("vec_idx").build());
    assertThat(client.listIndexes(ListIndexesReq.builder().collectionName(c).build())).containsExactly("title_idx");
    assertServerError(() -> client.describeIndex(DescribeIndexReq.builder().collectionName(c).fieldName("vec").build()), "vec");
    assertServerError(() -> client.loadCollection(LoadCollectionReq.builder().collectionName(c).build()), "vec");
    // A scalar index can be dropped; the data is untouched.
    client.dropIndex(DropIndexReq.builder().collectionName(c).indexName("title_idx").build());
    assertThat(client.listIndexes(ListIndexesReq.builder().collectionName(c).build())).isEmpty();
    assertThat(client.getCollectionStats(GetCollectionStatsReq.builder().collectionName(c).build()).getNumOfEntities())
        .isEqualTo(3000);
  }

  static Object rowVector(String collection, long id) {
    return client.query(QueryReq.builder().collectionName(collection).filter("id == " + id).outputFields(List.of("vec"))
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().get(0).getEntity().get("vec");
  }

  @Test
  void releaseAndLoadChangeLoadStateAndLoadingProgress() {
    String c = "loadable";
    createBare(c);
    client.createIndex(CreateIndexReq.builder().collectionName(c).indexParams(List.of(hnsw())).build());
    client.insert(InsertReq.builder().collectionName(c).data(rows(0, 50, "l")).build());
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(c).build())).isFalse();
    assertServerError(() -> client.search(SearchReq.builder().collectionName(c).data(SdkSupport.queries(new float[8])).limit(1)
        .build()), c);
    GetLoadingProgressResponse notLoaded = stub.getLoadingProgress(GetLoadingProgressRequest.newBuilder().setCollectionName(c).build());
    assertThat(notLoaded.getStatus().getCode()).isNotZero();
    assertThat(notLoaded.getStatus().getReason()).contains(c);

    client.loadCollection(LoadCollectionReq.builder().collectionName(c).build());
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(c).build())).isTrue();
    GetLoadingProgressResponse loaded = stub.getLoadingProgress(GetLoadingProgressRequest.newBuilder().setCollectionName(c).build());
    assertThat(loaded.getStatus().getCode()).as(loaded.getStatus().getReason()).isZero();
    assertThat(loaded.getProgress()).isEqualTo(100);
    assertThat(count(c)).isEqualTo(50);

    // Loading again is a no-op; released, reads fail with the collection's name; partitions load through progress.
    client.loadCollection(LoadCollectionReq.builder().collectionName(c).build());
    client.releaseCollection(ReleaseCollectionReq.builder().collectionName(c).build());
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(c).build())).isFalse();
    assertServerError(() -> client.query(QueryReq.builder().collectionName(c).filter("id > 1").build()), c);
    client.createPartition(CreatePartitionReq.builder().collectionName(c).partitionName("part").build());
    client.loadPartitions(LoadPartitionsReq.builder().collectionName(c).partitionNames(List.of("_default", "part")).build());
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName(c).partitionName("part").build())).isTrue();
    GetLoadingProgressResponse parts = stub.getLoadingProgress(GetLoadingProgressRequest.newBuilder().setCollectionName(c)
        .addPartitionNames("part").build());
    assertThat(parts.getProgress()).isEqualTo(100);
    assertThat(count(c)).isEqualTo(50);
  }

  @Test
  void flushPersistsGrowingDataAndReportsFlushed() {
    String c = "flushed";
    createBare(c);
    client.createIndex(CreateIndexReq.builder().collectionName(c).indexParams(List.of(hnsw())).build());
    client.loadCollection(LoadCollectionReq.builder().collectionName(c).build());
    client.insert(InsertReq.builder().collectionName(c).data(rows(0, 1500, "f")).build());
    // The V2 flush waits on GetFlushState itself; here the raw calls show the segments and their state.
    FlushResponse flush = stub.flush(FlushRequest.newBuilder().addCollectionNames(c).build());
    assertThat(flush.getStatus().getCode()).as(flush.getStatus().getReason()).isZero();
    assertThat(flush.getCollSegIDsMap()).containsKey(c);
    assertThat(flush.getCollSegIDsMap().get(c).getDataList()).isNotEmpty();
    assertThat(flush.getCollFlushTsMap().get(c)).isPositive();
    GetFlushStateResponse state = stub.getFlushState(GetFlushStateRequest.newBuilder()
        .addAllSegmentIDs(flush.getCollSegIDsMap().get(c).getDataList()).setFlushTs(flush.getCollFlushTsMap().get(c)).build());
    assertThat(state.getStatus().getCode()).isZero();
    assertThat(state.getFlushed()).isTrue();

    client.insert(InsertReq.builder().collectionName(c).data(rows(1500, 1600, "f")).build());
    client.flush(FlushReq.builder().collectionNames(List.of(c)).build());
    assertThat(count(c)).isEqualTo(1600);
    assertThat(client.getCollectionStats(GetCollectionStatsReq.builder().collectionName(c).build()).getNumOfEntities())
        .isEqualTo(1600);
    assertServerError(() -> client.flush(FlushReq.builder().collectionNames(List.of("never_created")).build()), "never_created");
  }

  // ------------------------------------------------------------------ schema evolution and properties

  @Test
  void addedNullableFieldsAreNullOrDefaultForOldRowsAndWritableForNewOnes() {
    String c = "evolving";
    createBare(c);
    client.createIndex(CreateIndexReq.builder().collectionName(c).indexParams(List.of(hnsw())).build());
    client.loadCollection(LoadCollectionReq.builder().collectionName(c).build());
    client.insert(InsertReq.builder().collectionName(c).data(rows(0, 5, "old")).build());

    client.addCollectionField(AddCollectionFieldReq.builder().collectionName(c).fieldName("rating").dataType(DataType.Int32)
        .isNullable(true).build());
    client.addCollectionField(AddCollectionFieldReq.builder().collectionName(c).fieldName("note").dataType(DataType.VarChar)
        .maxLength(20).isNullable(true).defaultValue("n/a").build());
    DescribeCollectionResp d = client.describeCollection(DescribeCollectionReq.builder().collectionName(c).build());
    assertThat(d.getFieldNames()).containsExactly("id", "vec", "title", "rating", "note");
    assertThat(d.getCollectionSchema().getField("rating").getIsNullable()).isTrue();
    assertThat(d.getCollectionSchema().getField("rating").getDataType()).isEqualTo(DataType.Int32);
    assertThat(d.getCollectionSchema().getField("note").getDefaultValue()).isEqualTo("n/a");

    // The same client inserts with the new field (its cached schema is refreshed).
    List<JsonObject> fresh = rows(5, 8, "new");
    for (int i = 0; i < fresh.size(); i++) {
      fresh.get(i).addProperty("rating", i + 3);
    }
    fresh.get(0).addProperty("note", "hello");
    client.insert(InsertReq.builder().collectionName(c).data(fresh).build());

    Map<Long, Map<String, Object>> byId = new HashMap<>();
    for (QueryResp.QueryResult r : client.query(QueryReq.builder().collectionName(c).filter("id >= 0")
        .outputFields(List.of("*")).consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults()) {
      byId.put((Long) r.getEntity().get("id"), r.getEntity());
    }
    assertThat(byId).hasSize(8);
    for (long id = 0; id < 5; id++) {
      assertThat(byId.get(id)).containsEntry("rating", null).containsEntry("note", "n/a").containsEntry("title", "old" + id);
    }
    assertThat(byId.get(5L)).containsEntry("rating", 3).containsEntry("note", "hello");
    assertThat(byId.get(6L)).containsEntry("rating", 4).containsEntry("note", "n/a");
    assertThat(byId.get(7L)).containsEntry("rating", 5).containsEntry("note", "n/a");
    List<Long> rated = client.query(QueryReq.builder().collectionName(c).filter("rating >= 4").outputFields(List.of("id"))
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().stream()
        .map(r -> (Long) r.getEntity().get("id")).sorted().toList();
    assertThat(rated).containsExactly(6L, 7L);
    assertThat(client.query(QueryReq.builder().collectionName(c).filter("rating is null").outputFields(List.of("id"))
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults()).hasSize(5);
    // A non-nullable field without a default cannot be added to existing rows.
    assertServerError(() -> client.addCollectionField(AddCollectionFieldReq.builder().collectionName(c).fieldName("strict")
        .dataType(DataType.Int64).build()), "strict");
  }

  @Test
  void aClientWithAStaleSchemaPicksUpAFieldAddedByAnotherClient() {
    String c = "shared_schema";
    createBare(c);
    client.createIndex(CreateIndexReq.builder().collectionName(c).indexParams(List.of(hnsw())).build());
    client.loadCollection(LoadCollectionReq.builder().collectionName(c).build());
    client.insert(InsertReq.builder().collectionName(c).data(rows(0, 2, "a")).build()); // caches the schema
    MilvusClientV2 other = SdkSupport.client(QUIVER);
    try {
      other.addCollectionField(AddCollectionFieldReq.builder().collectionName(c).fieldName("score").dataType(DataType.Double)
          .isNullable(true).build());
    } finally {
      other.close();
    }
    // The first client's cached schema lacks "score": the server's SchemaMismatch makes it refresh and resend.
    List<JsonObject> fresh = rows(2, 3, "b");
    fresh.get(0).addProperty("score", 9.5);
    client.insert(InsertReq.builder().collectionName(c).data(fresh).build());
    Map<String, Object> row = client.query(QueryReq.builder().collectionName(c).filter("id == 2").outputFields(List.of("score"))
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().get(0).getEntity();
    assertThat(row).containsEntry("score", 9.5);
    assertThat(count(c)).isEqualTo(3);
  }

  @Test
  void alterCollectionFieldRaisesMaxLength() {
    String c = "widening";
    createBare(c);
    client.createIndex(CreateIndexReq.builder().collectionName(c).indexParams(List.of(hnsw())).build());
    client.loadCollection(LoadCollectionReq.builder().collectionName(c).build());
    client.insert(InsertReq.builder().collectionName(c).data(rows(0, 2, "short")).build());
    List<JsonObject> longTitle = rows(2, 3, "");
    longTitle.get(0).addProperty("title", "x".repeat(40));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> client.insert(InsertReq.builder().collectionName(c)
        .data(longTitle).build()))).hasMessageContaining("title");

    client.alterCollectionField(AlterCollectionFieldReq.builder().collectionName(c).fieldName("title")
        .properties(Map.of("max_length", "64")).build());
    assertThat(client.describeCollection(DescribeCollectionReq.builder().collectionName(c).build()).getCollectionSchema()
        .getField("title").getMaxLength()).isEqualTo(64);
    client.insert(InsertReq.builder().collectionName(c).data(longTitle).build());
    assertThat(client.query(QueryReq.builder().collectionName(c).filter("id == 2").outputFields(List.of("title"))
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().get(0).getEntity())
        .containsEntry("title", "x".repeat(40));
    assertThat(count(c)).isEqualTo(3);
  }

  @Test
  void collectionPropertiesCanBeSetAndDropped() {
    String c = "with_properties";
    createBare(c);
    client.alterCollectionProperties(AlterCollectionPropertiesReq.builder().collectionName(c)
        .properties(Map.of("collection.ttl.seconds", "86400", "mmap.enabled", "true")).build());
    assertThat(client.describeCollection(DescribeCollectionReq.builder().collectionName(c).build()).getProperties())
        .containsEntry("collection.ttl.seconds", "86400").containsEntry("mmap.enabled", "true");
    client.dropCollectionProperties(DropCollectionPropertiesReq.builder().collectionName(c)
        .propertyKeys(List.of("mmap.enabled")).build());
    assertThat(client.describeCollection(DescribeCollectionReq.builder().collectionName(c).build()).getProperties())
        .containsEntry("collection.ttl.seconds", "86400").doesNotContainKey("mmap.enabled");
    assertServerError(() -> client.alterCollectionProperties(AlterCollectionPropertiesReq.builder().collectionName(c)
        .properties(Map.of("collection.ttl.seconds", "-1")).build()), "collection.ttl.seconds");
  }

  @Test
  void collectionsAreListedDescribedAndDropped() {
    createBare("lifecycle");
    assertThat(client.hasCollection(HasCollectionReq.builder().collectionName("lifecycle").build())).isTrue();
    assertThat(client.listCollections().getCollectionNames()).contains("lifecycle");
    DescribeCollectionResp d = client.describeCollection(DescribeCollectionReq.builder().collectionName("lifecycle").build());
    assertThat(d.getConsistencyLevel()).isEqualTo(ConsistencyLevel.BOUNDED);
    assertThat(d.getEnableDynamicField()).isFalse();
    assertThat(d.getCollectionSchema().getField("title").getMaxLength()).isEqualTo(16);
    client.dropCollection(DropCollectionReq.builder().collectionName("lifecycle").build());
    assertThat(client.hasCollection(HasCollectionReq.builder().collectionName("lifecycle").build())).isFalse();
    assertThat(client.listCollections().getCollectionNames()).doesNotContain("lifecycle");
    assertServerError(() -> client.describeCollection(DescribeCollectionReq.builder().collectionName("lifecycle").build()),
        "lifecycle");
    // Dropping an absent collection succeeds, as in Milvus; the name can be used again.
    client.dropCollection(DropCollectionReq.builder().collectionName("lifecycle").build());
    createBare("lifecycle");
    assertThat(client.getCollectionStats(GetCollectionStatsReq.builder().collectionName("lifecycle").build()).getNumOfEntities())
        .isZero();
  }

  @Test
  void describeEchoesEveryCreateOption() {
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().enableDynamicField(true).build();
    schema.addField(AddFieldReq.builder().fieldName("doc_id").dataType(DataType.VarChar).maxLength(36).isPrimaryKey(true)
        .autoID(true).description("the key").build());
    schema.addField(AddFieldReq.builder().fieldName("body").dataType(DataType.FloatVector).dimension(12).build());
    schema.addField(AddFieldReq.builder().fieldName("title").dataType(DataType.FloatVector).dimension(3).build());
    client.createCollection(CreateCollectionReq.builder().collectionName("configured").description("a described collection")
        .collectionSchema(schema).consistencyLevel(ConsistencyLevel.STRONG).numShards(2)
        .properties(Map.of("collection.ttl.seconds", "600")).build());
    DescribeCollectionResp d = client.describeCollection(DescribeCollectionReq.builder().collectionName("configured").build());
    assertThat(d.getDescription()).isEqualTo("a described collection");
    assertThat(d.getConsistencyLevel()).isEqualTo(ConsistencyLevel.STRONG);
    assertThat(d.getShardsNum()).isEqualTo(2);
    assertThat(d.getProperties()).containsEntry("collection.ttl.seconds", "600");
    assertThat(d.getEnableDynamicField()).isTrue();
    assertThat(d.getAutoID()).isTrue();
    assertThat(d.getPrimaryFieldName()).isEqualTo("doc_id");
    assertThat(d.getFieldNames()).containsExactly("doc_id", "body", "title");
    assertThat(d.getVectorFieldNames()).containsExactly("body", "title");
    CreateCollectionReq.FieldSchema key = d.getCollectionSchema().getField("doc_id");
    assertThat(key.getDataType()).isEqualTo(DataType.VarChar);
    assertThat(key.getMaxLength()).isEqualTo(36);
    assertThat(key.getAutoID()).isTrue();
    assertThat(key.getDescription()).isEqualTo("the key");
    assertThat(d.getCollectionSchema().getField("body").getDimension()).isEqualTo(12);
    assertThat(d.getCollectionSchema().getField("title").getDimension()).isEqualTo(3);

    // autoID on a VarChar key: the server generates distinct string keys.
    client.createIndex(CreateIndexReq.builder().collectionName("configured").indexParams(List.of(
        IndexParam.builder().fieldName("body").indexType(IndexParam.IndexType.FLAT).metricType(MetricType.IP).build(),
        IndexParam.builder().fieldName("title").indexType(IndexParam.IndexType.FLAT).metricType(MetricType.IP).build()))
        .build());
    client.loadCollection(LoadCollectionReq.builder().collectionName("configured").build());
    List<JsonObject> docs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonObject r = new JsonObject();
      r.add("body", SdkSupport.json(new float[12]));
      r.add("title", SdkSupport.json(new float[] {i, 1, 0}));
      r.addProperty("extra", i);
      docs.add(r);
    }
    List<Object> keys = client.insert(InsertReq.builder().collectionName("configured").data(docs).build()).getPrimaryKeys();
    assertThat(keys).hasSize(3).doesNotHaveDuplicates().allSatisfy(k -> assertThat(k).isInstanceOf(String.class));
    List<Object> stored = client.query(QueryReq.builder().collectionName("configured").filter("extra >= 0")
        .outputFields(List.of("doc_id")).build()).getQueryResults().stream().map(r -> r.getEntity().get("doc_id")).toList();
    assertThat(stored).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void serverReportsHealthAndVersion() {
    assertThat(client.checkHealth().getIsHealthy()).isTrue();
    assertThat(client.getServerVersion()).startsWith("v2.6");
  }
}
