package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonObject;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.milvus.grpc.GetCompactionPlansRequest;
import io.milvus.grpc.GetCompactionPlansResponse;
import io.milvus.grpc.GetMetricsRequest;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.CompactionState;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.utility.request.CompactReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.utility.request.GetCompactionStateReq;
import io.milvus.v2.service.utility.response.GetCompactionStateResp;
import io.milvus.v2.service.utility.response.GetPersistentSegmentInfoResp;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clustering (major) compaction: segments sorted by the clustering key into disjoint ranges,
 * identical query and search results, and filters on the key skipping segments.
 */
class ClusteringCompactionIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("segment.max-rows", "1024")
      .with("compaction.interval", "0s");

  static final String C = "clustered";

  static float[] vec(long i) {
    return new float[] {(float) Math.sin(i), (float) Math.cos(i), (i % 13) / 13f, (i % 7) / 7f};
  }

  static long key(long i) {
    return (i * 7919) % 1000; // every batch spans the whole key range
  }

  static long pruned() throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(QUIVER.address()).usePlaintext().build();
    try {
      String body = MilvusServiceGrpc.newBlockingStub(channel).getMetrics(GetMetricsRequest.newBuilder()
          .setRequest("{\"metric_type\": \"quiver_usage\"}").build()).getResponse();
      return new ObjectMapper().readTree(body).get("pruned_segments").asLong();
    } finally {
      channel.shutdownNow();
    }
  }

  static GetCompactionPlansResponse plans(long id) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(QUIVER.address()).usePlaintext().build();
    try {
      return MilvusServiceGrpc.newBlockingStub(channel).getCompactionStateWithPlans(
          GetCompactionPlansRequest.newBuilder().setCompactionID(id).build());
    } finally {
      channel.shutdownNow();
    }
  }

  /** id -> k of the rows matching {@code filter}. */
  static Map<Long, Long> query(MilvusClientV2 c, String filter) {
    Map<Long, Long> out = new TreeMap<>();
    c.query(QueryReq.builder().collectionName(C).filter(filter).outputFields(List.of("id", "k")).limit(16384).build())
        .getQueryResults().forEach(r -> out.put((Long) r.getEntity().get("id"), (Long) r.getEntity().get("k")));
    return out;
  }

  static List<Object> search(MilvusClientV2 c, String filter) {
    List<Object> ids = new ArrayList<>();
    for (List<SearchResp.SearchResult> hits : c.search(SearchReq.builder().collectionName(C).filter(filter).topK(20)
        .data(List.of(new FloatVec(vec(42)), new FloatVec(vec(4242)))).annsField("vec").build()).getSearchResults()) {
      for (SearchResp.SearchResult h : hits) {
        ids.add(h.getId());
      }
      ids.add("|");
    }
    return ids;
  }

  static final List<String> FILTERS = List.of("k == 7", "k in [3, 500, 999]", "k >= 100 and k < 200", "k > 950",
      "k <= 20 and id % 2 == 0", "id % 5 == 1");

  @Test
  void sortsSegmentsByTheClusteringKeyKeepsResultsAndSkipsSegments() throws Exception {
    MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(4).build());
    schema.addField(AddFieldReq.builder().fieldName("k").dataType(DataType.Int64).isClusteringKey(true).build());
    c.createCollection(CreateCollectionReq.builder().collectionName(C).collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
            .metricType(IndexParam.MetricType.L2).build()))
        .build());
    assertThat(c.describeCollection(DescribeCollectionReq.builder().collectionName(C).build())
        .getCollectionSchema().getField("k").getIsClusteringKey()).isTrue();
    for (int b = 0; b < 5; b++) {
      List<JsonObject> rows = new ArrayList<>();
      for (long i = b * 800L; i < (b + 1) * 800L; i++) {
        JsonObject r = new JsonObject();
        r.addProperty("id", i);
        r.add("vec", SdkSupport.json(vec(i)));
        r.addProperty("k", key(i));
        rows.add(r);
      }
      c.insert(InsertReq.builder().collectionName(C).data(rows).build());
      c.flush(FlushReq.builder().collectionNames(List.of(C)).build());
    }
    c.delete(DeleteReq.builder().collectionName(C).filter("id % 9 == 0").build());
    List<GetPersistentSegmentInfoResp.PersistentSegmentInfo> before = CompactionIT.segments(c, C);
    assertThat(before).hasSize(5);
    long live = CompactionIT.count(c, C, "");
    assertThat(live).isEqualTo(4000 - 445);

    List<Map<Long, Long>> queries = new ArrayList<>();
    List<List<Object>> searches = new ArrayList<>();
    for (String f : FILTERS) {
      queries.add(query(c, f));
      searches.add(search(c, f));
    }
    assertThat(queries.get(0)).isNotEmpty();
    long prunedBefore = pruned();
    query(c, "k == 7");
    assertThat(pruned()).isEqualTo(prunedBefore); // every segment spans the whole key range

    long id = c.compact(CompactReq.builder().collectionName(C).isClustering(true).build()).getCompactionID();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        c.getCompactionState(GetCompactionStateReq.builder().compactionID(id).build()).getState() == CompactionState.Completed);
    GetCompactionStateResp state = c.getCompactionState(GetCompactionStateReq.builder().compactionID(id).build());
    assertThat(state.getCompletedPlanNo()).isEqualTo(1); // one shard, one partition
    assertThat(state.getExecutingPlanNo()).isZero();

    List<GetPersistentSegmentInfoResp.PersistentSegmentInfo> after = CompactionIT.segments(c, C);
    assertThat(after.size()).isBetween(4, 6);
    assertThat(after.stream().mapToLong(GetPersistentSegmentInfoResp.PersistentSegmentInfo::getNumOfRows).sum()).isEqualTo(live);
    assertThat(after).allSatisfy(s -> assertThat(s.getNumOfRows()).isLessThanOrEqualTo(1024));
    GetCompactionPlansResponse plans = plans(id);
    assertThat(plans.getMergeInfosCount()).isEqualTo(after.size());
    Set<Long> targets = new HashSet<>();
    plans.getMergeInfosList().forEach(m -> {
      assertThat(m.getSourcesList()).containsExactlyInAnyOrderElementsOf(
          before.stream().map(GetPersistentSegmentInfoResp.PersistentSegmentInfo::getSegmentID).toList());
      targets.add(m.getTarget());
    });
    assertThat(targets).containsExactlyInAnyOrderElementsOf(
        after.stream().map(GetPersistentSegmentInfoResp.PersistentSegmentInfo::getSegmentID).toList());

    for (int i = 0; i < FILTERS.size(); i++) {
      assertThat(query(c, FILTERS.get(i))).as(FILTERS.get(i)).isEqualTo(queries.get(i));
      assertThat(search(c, FILTERS.get(i))).as(FILTERS.get(i)).isEqualTo(searches.get(i));
    }
    // Disjoint ranges: a point filter on the key reads one segment and skips every other.
    long p0 = pruned();
    assertThat(query(c, "k == 7")).isEqualTo(queries.get(0));
    assertThat(pruned() - p0).isEqualTo(after.size() - 1);
    p0 = pruned();
    query(c, "id % 5 == 1"); // not on the key: nothing skipped
    assertThat(pruned()).isEqualTo(p0);
    c.close();

    // The ranges are in the manifests: after a restart the same filter still skips segments.
    QUIVER.restart();
    MilvusClientV2 again = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    long p1 = pruned();
    assertThat(query(again, "k == 7")).isEqualTo(queries.get(0));
    assertThat(pruned() - p1).isEqualTo(after.size() - 1);
    assertThat(CompactionIT.count(again, C, "")).isEqualTo(live);
    again.close();
  }

  @Test
  void aCollectionWithoutAClusteringOrPartitionKeyIsRefused() {
    MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    c.createCollection(CreateCollectionReq.builder().collectionName("plain").dimension(4).build());
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
        c.compact(CompactReq.builder().collectionName("plain").isClustering(true).build()))
        .hasMessageContaining("no clustering key");
    c.close();
  }
}
