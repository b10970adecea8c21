package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.CompactionState;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.utility.request.CompactReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.utility.request.GetCompactionStateReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import io.quiver.testkit.etcd.EtcdExtension;
import io.quiver.testkit.s3.S3Extension;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Storage for clusters end to end: an etcd catalog and an S3 bucket. 200,000 rows are inserted,
 * flushed, compacted and released; a fresh server with an EMPTY data directory (only the catalog
 * and the bucket) loads the collection again and answers queries and searches as before.
 */
@org.junit.jupiter.api.Tag("long")
class ClusterStorageIT {

  @RegisterExtension
  @Order(1)
  static final EtcdExtension ETCD = EtcdExtension.singleNode();

  @RegisterExtension
  @Order(2)
  static final S3Extension S3 = S3Extension.create();

  @RegisterExtension
  @Order(3)
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("storage.etcd.prefix", "/quiver/it/")
      .with("storage.s3.bucket", "cluster-it")
      .with("storage.s3.create-bucket", "true")
      .with("segment.max-rows", "32768")
      .with("compaction.interval", "0s")
      .jvmOptions("-Xmx1g")
      .withEtcd(ETCD)
      .withS3(S3);

  static final int ROWS = Integer.getInteger("quiver.it.clusterRows", 200_000);
  static final int DIM = 16;
  static final String NAME = "big";

  static float[] vector(Random r) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) r.nextGaussian();
    }
    return v;
  }

  @Test
  void aFreshServerWithOnlyTheCatalogAndTheBucketServesTheSameResults() throws Exception {
    MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(DIM).build());
    schema.addField(AddFieldReq.builder().fieldName("bucket").dataType(DataType.Int32).build());
    c.createCollection(CreateCollectionReq.builder().collectionName(NAME).collectionSchema(schema)
        .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.HNSW)
            .metricType(IndexParam.MetricType.L2).build()))
        .build());
    Random r = new Random(99);
    for (int first = 0; first < ROWS; first += 10_000) {
      List<JsonObject> rows = new ArrayList<>(10_000);
      for (int id = first; id < first + 10_000; id++) {
        JsonObject row = new JsonObject();
        row.addProperty("id", (long) id);
        row.addProperty("bucket", id % 100);
        JsonArray v = new JsonArray();
        for (float x : vector(r)) {
          v.add(x);
        }
        row.add("vec", v);
        rows.add(row);
      }
      c.insert(InsertReq.builder().collectionName(NAME).data(rows).build());
    }
    c.flush(FlushReq.builder().collectionNames(List.of(NAME)).build());
    c.delete(DeleteReq.builder().collectionName(NAME).filter("bucket == 7").build());
    long id = c.compact(CompactReq.builder().collectionName(NAME).build()).getCompactionID();
    Awaitility.await().atMost(Duration.ofMinutes(5)).until(() ->
        c.getCompactionState(GetCompactionStateReq.builder().compactionID(id).build()).getState() == CompactionState.Completed);
    Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
        c.describeIndex(DescribeIndexReq.builder().collectionName(NAME).fieldName("vec").build())
            .getIndexDescriptions().get(0).getPendingIndexRows() == 0);
    c.flush(FlushReq.builder().collectionNames(List.of(NAME)).build()); // index files and delete logs stored

    List<BaseVector> queries = new ArrayList<>();
    Random q = new Random(5);
    for (int i = 0; i < 10; i++) {
      queries.add(new FloatVec(vector(q)));
    }
    long countBefore = count(c, "");
    long bucketBefore = count(c, "bucket < 10");
    List<List<Object>> hitsBefore = ids(c.search(SearchReq.builder().collectionName(NAME).data(queries).limit(10)
        .filter("bucket != 3").build()));
    assertThat(countBefore).isEqualTo(ROWS - ROWS / 100);
    assertThat(bucketBefore).isEqualTo(9L * ROWS / 100);
    c.releaseCollection(ReleaseCollectionReq.builder().collectionName(NAME).build());
    c.close();

    // A fresh node: nothing local at all.
    QUIVER.process().stop();
    Path data = QUIVER.dataDirectory();
    try (Stream<Path> walk = Files.walk(data)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertThat(data).doesNotExist();
    QUIVER.restart();

    MilvusClientV2 fresh = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    try {
      fresh.loadCollection(LoadCollectionReq.builder().collectionName(NAME).build());
      assertThat(count(fresh, "")).isEqualTo(countBefore);
      assertThat(count(fresh, "bucket < 10")).isEqualTo(bucketBefore);
      assertThat(count(fresh, "bucket == 7")).isZero();
      List<List<Object>> hitsAfter = ids(fresh.search(SearchReq.builder().collectionName(NAME).data(queries).limit(10)
          .filter("bucket != 3").build()));
      assertThat(hitsAfter).isEqualTo(hitsBefore);
    } finally {
      fresh.close();
    }
  }

  static long count(MilvusClientV2 c, String filter) {
    return (Long) c.query(QueryReq.builder().collectionName(NAME).filter(filter).outputFields(List.of("count(*)")).build())
        .getQueryResults().get(0).getEntity().get("count(*)");
  }

  static List<List<Object>> ids(SearchResp resp) {
    List<List<Object>> out = new ArrayList<>();
    for (List<SearchResp.SearchResult> hits : resp.getSearchResults()) {
      out.add(hits.stream().map(SearchResp.SearchResult::getId).toList());
    }
    return out;
  }
}
