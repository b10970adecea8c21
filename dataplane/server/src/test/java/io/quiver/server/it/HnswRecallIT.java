package io.quiver.server.it;

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
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HNSW with default parameters on 20,000 clustered 128-d vectors (a seeded Gaussian mixture of
 * 50 clusters): recall@10 against the exact top 10 computed in the test is at least 0.95.
 */
class HnswRecallIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  static final String NAME = "hnsw_recall";
  static final int DIM = 128;
  static final int ROWS = 20_000;
  static final int CLUSTERS = 50;
  static final int QUERIES = 100;
  static final int K = 10;

  static MilvusClientV2 client;
  static float[][] data;
  static float[][] queries;

  @BeforeAll
  static void createInsertAndIndex() throws InterruptedException {
    client = SdkSupport.client(QUIVER);
    // Data and queries come from the same mixture; queries are not in the data.
    float[][] all = SdkSupport.gaussianMixture(20_000_128L, ROWS + QUERIES, DIM, CLUSTERS);
    data = java.util.Arrays.copyOfRange(all, 0, ROWS);
    queries = java.util.Arrays.copyOfRange(all, ROWS, ROWS + QUERIES);

    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("embedding").dataType(DataType.FloatVector).dimension(DIM).build());
    client.createCollection(CreateCollectionReq.builder().collectionName(NAME).collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("embedding").indexType(IndexParam.IndexType.HNSW)
            .metricType(MetricType.L2).build()))
        .build());
    for (int start = 0; start < ROWS; start += 2_000) {
      List<JsonObject> rows = new ArrayList<>();
      for (int r = start; r < start + 2_000; r++) {
        JsonObject row = new JsonObject();
        row.addProperty("id", (long) r);
        row.add("embedding", SdkSupport.json(data[r]));
        rows.add(row);
      }
      client.insert(InsertReq.builder().collectionName(NAME).data(rows).build());
    }
    client.flush(FlushReq.builder().collectionNames(List.of(NAME)).build());
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Test
  void hnswWithDefaultParametersReachesRecallAtTenOfAtLeast095() throws InterruptedException {
    DescribeIndexResp.IndexDesc index = SdkSupport.waitForIndex(client, NAME, "embedding");
    assertThat(index.getIndexType()).isEqualTo(IndexParam.IndexType.HNSW);
    assertThat(index.getMetricType()).isEqualTo(MetricType.L2);
    assertThat(index.getTotalRows()).isEqualTo(ROWS);
    assertThat(index.getIndexedRows()).isEqualTo(ROWS);
    assertThat(client.getCollectionStats(GetCollectionStatsReq.builder().collectionName(NAME).build()).getNumOfEntities())
        .isEqualTo(ROWS);

    int found = 0;
    // nq = 10 per request, 10 requests.
    for (int first = 0; first < QUERIES; first += 10) {
      float[][] batch = java.util.Arrays.copyOfRange(queries, first, first + 10);
      SearchResp resp = client.search(SearchReq.builder().collectionName(NAME).data(SdkSupport.queries(batch)).limit(K)
          .consistencyLevel(ConsistencyLevel.STRONG).build());
      assertThat(resp.getSearchResults()).hasSize(10);
      for (int q = 0; q < 10; q++) {
        Set<Long> exact = new HashSet<>();
        SdkSupport.ranked(MetricType.L2, batch[q], data).subList(0, K).forEach(s -> exact.add((long) s.row()));
        List<SearchResp.SearchResult> hits = resp.getSearchResults().get(q);
        assertThat(hits).hasSize(K);
        float previous = -1;
        for (SearchResp.SearchResult hit : hits) {
          assertThat(hit.getScore()).as("distances ascend").isGreaterThanOrEqualTo(previous);
          previous = hit.getScore();
          if (exact.contains((Long) hit.getId())) {
            found++;
          }
        }
      }
    }
    double recall = found / (double) (QUERIES * K);
    System.out.printf("HNSW recall@%d on %d x %d-d clustered vectors: %.4f%n", K, ROWS, DIM, recall);
    assertThat(recall).isGreaterThanOrEqualTo(0.95);
  }
}
