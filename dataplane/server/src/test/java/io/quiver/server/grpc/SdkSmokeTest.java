package io.quiver.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.engine.segment.TimestampOracle;
import io.quiver.server.runtime.DataPlane;
import io.quiver.server.runtime.DataPlaneConfig;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SdkSmokeTest {

  static DataPlane plane;
  static GrpcServer server;
  static MilvusClientV2 client;

  @BeforeAll
  static void start() throws Exception {
    plane = new DataPlane(DataPlaneConfig.defaults(), new InMemoryDurability(), (e, s, t) -> io.quiver.engine.query.RowFilter.ALL,
        new TimestampOracle(0));
    plane.ensureDefaultDatabase();
    server = GrpcServer.start("127.0.0.1", 0, 64L << 20, new MilvusService(plane, "test"));
    client = new MilvusClientV2(ConnectConfig.builder().uri("http://127.0.0.1:" + server.port()).build());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
    plane.close();
  }

  @Test
  void quickSetupInsertSearchQuery() {
    client.createCollection(CreateCollectionReq.builder().collectionName("quick").dimension(8).build());
    Random r = new Random(1);
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      JsonObject row = new JsonObject();
      row.addProperty("id", (long) i);
      com.google.gson.JsonArray v = new com.google.gson.JsonArray();
      for (int d = 0; d < 8; d++) {
        v.add(r.nextFloat());
      }
      row.add("vector", v);
      row.addProperty("color", i % 2 == 0 ? "red" : "blue");
      rows.add(row);
    }
    assertThat(client.insert(InsertReq.builder().collectionName("quick").data(rows).build()).getInsertCnt()).isEqualTo(100);
    float[] q = new float[8];
    for (int d = 0; d < 8; d++) {
      q[d] = rows.get(7).getAsJsonArray("vector").get(d).getAsFloat();
    }
    SearchResp resp = client.search(SearchReq.builder().collectionName("quick").data(List.of(new FloatVec(q))).limit(3)
        .outputFields(List.of("color")).build());
    assertThat(resp.getSearchResults().get(0)).hasSize(3);
    assertThat(resp.getSearchResults().get(0).get(0).getId()).isEqualTo(7L);
    assertThat(resp.getSearchResults().get(0).get(0).getEntity()).containsEntry("color", "blue");
    QueryResp count = client.query(QueryReq.builder().collectionName("quick").filter("").outputFields(List.of("count(*)")).build());
    assertThat(count.getQueryResults().get(0).getEntity().get("count(*)")).isEqualTo(100L);
  }
}
