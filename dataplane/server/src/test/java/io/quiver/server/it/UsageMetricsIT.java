package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.milvus.grpc.GetMetricsRequest;
import io.milvus.grpc.GetMetricsResponse;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GetMetrics (metric_type quiver_usage): collections, rows and requests by RPC for each database. */
class UsageMetricsIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  static GetMetricsResponse metrics(String request) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(QUIVER.address()).usePlaintext().build();
    try {
      return MilvusServiceGrpc.newBlockingStub(channel).getMetrics(GetMetricsRequest.newBuilder().setRequest(request).build());
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void countsRequestsRowsAndCollectionsPerDatabase() throws Exception {
    MilvusClientV2 root = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    root.createDatabase(CreateDatabaseReq.builder().databaseName("usage_db").build());
    root.close();
    MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).dbName("usage_db").build());
    try {
      c.createCollection(CreateCollectionReq.builder().collectionName("docs").dimension(8).build());
      c.insert(InsertReq.builder().collectionName("docs").data(EncryptionIT.rows(0, 25, "u")).build());
      JsonNode before = new ObjectMapper().readTree(metrics("{\"metric_type\": \"quiver_usage\"}").getResponse());
      long searchesBefore = before.path("databases").path("usage_db").path("requests").path("Search").asLong(0);
      for (int i = 0; i < 3; i++) {
        c.search(SearchReq.builder().collectionName("docs").data(List.of(new FloatVec(new float[8]))).limit(2).build());
      }
      c.query(QueryReq.builder().collectionName("docs").filter("id < 5").build());

      GetMetricsResponse response = metrics("{\"metric_type\": \"quiver_usage\"}");
      assertThat(response.getStatus().getCode()).isZero();
      JsonNode usage = new ObjectMapper().readTree(response.getResponse());
      JsonNode db = usage.path("databases").path("usage_db");
      assertThat(db.path("collections").asLong()).isEqualTo(1);
      assertThat(db.path("rows").asLong()).isEqualTo(25);
      assertThat(db.path("requests").path("Search").asLong()).isEqualTo(searchesBefore + 3);
      assertThat(db.path("requests").path("Query").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(db.path("requests").path("Insert").asLong()).isEqualTo(1);
      assertThat(usage.path("databases").has("default")).isTrue();
      assertThat(usage.path("now_ms").asLong()).isGreaterThanOrEqualTo(usage.path("started_ms").asLong());
    } finally {
      c.close();
    }
  }

  @Test
  void otherMetricTypesAndMalformedRequestsAreRefusedNamingTheField() {
    GetMetricsResponse system = metrics("{\"metric_type\": \"system_info\"}");
    assertThat(system.getStatus().getCode()).isNotZero();
    assertThat(system.getStatus().getReason()).contains("metric_type 'system_info' is not supported").contains("quiver_usage");
    GetMetricsResponse malformed = metrics("not json");
    assertThat(malformed.getStatus().getCode()).isNotZero();
    assertThat(malformed.getStatus().getReason()).contains("request").contains("metric_type");
  }
}
