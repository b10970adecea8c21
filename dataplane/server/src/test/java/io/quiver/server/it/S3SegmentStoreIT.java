package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.storage.object.ObjectInfo;
import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.S3Config;
import io.quiver.storage.object.S3ObjectStore;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import io.quiver.testkit.s3.S3Extension;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With storage.object-store=s3, flushed segments are uploaded to the bucket; a server whose local
 * segment files are gone downloads them again at start; unreferenced objects are garbage collected.
 */
class S3SegmentStoreIT {

  @RegisterExtension
  @Order(1)
  static final S3Extension S3 = S3Extension.create();

  static final String BUCKET = "quiver-segments";

  @RegisterExtension
  @Order(2)
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("storage.s3.bucket", BUCKET)
      .with("storage.s3.create-bucket", "true")
      .with("storage.s3.prefix", "clusters/test")
      .with("storage.gc-interval", "1s")
      .with("storage.gc-grace", "0s")
      .withS3(S3);

  static ObjectStore bucket() throws Exception {
    return S3ObjectStore.open(S3Config.of(S3.endpoint(), BUCKET, S3.accessKey(), S3.secretKey()).withRegion(S3.region())
        .withPathPrefix("clusters/test"));
  }

  @Test
  void segmentsLiveInTheBucketAndComeBackAfterTheLocalCopyIsLost() throws Exception {
    MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    client.createCollection(CreateCollectionReq.builder().collectionName("s3c").dimension(8).build());
    List<JsonObject> rows = new ArrayList<>();
    for (JsonObject r : DurabilityIT.rows(0, 2000)) {
      r.add("vector", r.remove("vec"));
      rows.add(r);
    }
    client.insert(InsertReq.builder().collectionName("s3c").data(rows).build());
    client.flush(FlushReq.builder().collectionNames(List.of("s3c")).build());
    float[] q = new float[8];
    for (int d = 0; d < 8; d++) {
      q[d] = rows.get(17).getAsJsonArray("vector").get(d).getAsFloat();
    }
    SearchResp before = client.search(SearchReq.builder().collectionName("s3c").data(List.of(new FloatVec(q))).limit(5).build());
    client.close();

    try (ObjectStore store = bucket()) {
      List<String> keys = store.list("segments/").stream().map(ObjectInfo::key).toList();
      assertThat(keys).anyMatch(k -> k.endsWith("/data.arrow")).anyMatch(k -> k.matches(".*/vectors-\\d+\\.bin"));
    }

    QUIVER.kill();
    Path segments = QUIVER.dataDirectory().resolve("segments");
    try (Stream<Path> walk = Files.walk(segments)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    QUIVER.restart();

    MilvusClientV2 again = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    try {
      Object count = again.query(QueryReq.builder().collectionName("s3c").filter("").outputFields(List.of("count(*)")).build())
          .getQueryResults().get(0).getEntity().get("count(*)");
      assertThat(count).isEqualTo(2000L);
      SearchResp after = again.search(SearchReq.builder().collectionName("s3c").data(List.of(new FloatVec(q))).limit(5).build());
      assertThat(after.getSearchResults().get(0).stream().map(SearchResp.SearchResult::getId).toList())
          .isEqualTo(before.getSearchResults().get(0).stream().map(SearchResp.SearchResult::getId).toList());
      assertThat(after.getSearchResults().get(0).get(0).getId()).isEqualTo(17L);
    } finally {
      again.close();
    }
  }

  @Test
  void unreferencedObjectsAreGarbageCollected() throws Exception {
    try (ObjectStore store = bucket()) {
      store.put("segments/1/2/data.arrow", new byte[] {1, 2, 3});
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
          .until(() -> store.stat("segments/1/2/data.arrow").isEmpty());
    }
  }
}
