package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server with a 512 MiB heap holds a collection with 1 GiB of vectors (twice the heap): sealed
 * segments keep their vectors memory-mapped, so it loads after a restart and serves searches.
 */
class LargerThanHeapIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .jvmOptions("-Xmx512m")
      .with("segment.max-rows", "16384")
      .with("checkpoint.wal-bytes", "96m")
      .with("compaction.interval", "0s");

  static final int DIM = 1024;
  static final int ROWS = 262_144; // 1 GiB of float32 vectors
  static final int BATCH = 2048;

  static float value(long id, int d) {
    // Distinct, deterministic vectors: row id's own vector is its nearest neighbour.
    return (float) Math.sin(id * 0.001 + d * 0.37) + (d == (int) (id % DIM) ? 4f : 0f);
  }

  static float[] vector(long id) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = value(id, d);
    }
    return v;
  }

  @Test
  void aCollectionTwiceTheHeapLoadsThroughMemoryMappingAndServesSearches() throws Exception {
    MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(DIM).build());
    c.createCollection(CreateCollectionReq.builder().collectionName("huge").collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.FLAT)
            .metricType(IndexParam.MetricType.L2).build()))
        .build());
    for (long first = 0; first < ROWS; first += BATCH) {
      List<JsonObject> rows = new ArrayList<>(BATCH);
      for (long id = first; id < first + BATCH; id++) {
        JsonObject row = new JsonObject();
        row.addProperty("id", id);
        JsonArray v = new JsonArray(DIM);
        for (float x : vector(id)) {
          v.add(x);
        }
        row.add("vec", v);
        rows.add(row);
      }
      c.insert(InsertReq.builder().collectionName("huge").data(rows).build());
    }
    c.flush(FlushReq.builder().collectionNames(List.of("huge")).build());
    c.close();

    QUIVER.restart(); // same -Xmx512m: the 1 GiB of vectors must come back memory-mapped
    MilvusClientV2 again = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    try {
      Object count = again.query(QueryReq.builder().collectionName("huge").filter("").outputFields(List.of("count(*)")).build())
          .getQueryResults().get(0).getEntity().get("count(*)");
      assertThat(count).isEqualTo((long) ROWS);
      List<BaseVector> queries = new ArrayList<>();
      long[] ids = {7, 123_456, ROWS - 1};
      for (long id : ids) {
        queries.add(new FloatVec(vector(id)));
      }
      SearchResp resp = again.search(SearchReq.builder().collectionName("huge").data(queries).limit(3).build());
      for (int q = 0; q < ids.length; q++) {
        assertThat(resp.getSearchResults().get(q).get(0).getId()).isEqualTo(ids[q]);
        assertThat(resp.getSearchResults().get(q).get(0).getScore()).isZero();
      }
    } finally {
      again.close();
    }
  }
}
