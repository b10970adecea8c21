package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.utility.request.CompactReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.utility.request.GetPersistentSegmentInfoReq;
import io.milvus.v2.service.utility.response.GetPersistentSegmentInfoResp;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.quiver.server.runtime.Failpoints;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The process dies at each step of a checkpoint (after the object uploads, after the catalog
 * commit, after the log truncation) and of a compaction (before the catalog swap). After a restart
 * from the catalog and the bucket alone, no catalog entry points at a missing object, every
 * acknowledged row is present exactly once, and orphan objects are gone after one GC cycle.
 */
class CrashPointsIT {

  static final Path FAILPOINTS;

  static {
    try {
      FAILPOINTS = Files.createTempFile("quiver-failpoints", ".txt");
    } catch (java.io.IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @RegisterExtension
  @Order(1)
  static final S3Extension S3 = S3Extension.create();

  @RegisterExtension
  @Order(2)
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .jvmOptions("-Dquiver.failpoints.file=" + FAILPOINTS)
      .with("storage.s3.bucket", "crash")
      .with("storage.s3.create-bucket", "true")
      .with("storage.gc-interval", "1s")
      .with("storage.gc-grace", "0s")
      .with("compaction.interval", "0s")
      .withS3(S3);

  static MilvusClientV2 client() {
    MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).rpcDeadlineMs(60_000).build());
    c.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
    return c;
  }

  static List<JsonObject> rows(long first, int count) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject r : DurabilityIT.rows(first, count)) {
      r.add("vector", r.remove("vec"));
      out.add(r);
    }
    return out;
  }

  /** The compaction failpoint, hit by a clustering compaction. */
  static final String CLUSTERING = "clustering";

  @ParameterizedTest
  @ValueSource(strings = {Failpoints.CHECKPOINT_AFTER_UPLOAD, Failpoints.CHECKPOINT_AFTER_COMMIT,
      Failpoints.CHECKPOINT_AFTER_TRUNCATE, Failpoints.COMPACTION_BEFORE_SWAP, CLUSTERING})
  void aCrashAtEveryStepLosesNothingAndLeavesNoDanglingOrOrphanObjects(String step) throws Exception {
    String name = "crash_" + step.replace('.', '_').replace('-', '_');
    boolean clustering = step.equals(CLUSTERING);
    String failpoint = clustering ? Failpoints.COMPACTION_BEFORE_SWAP : step;
    MilvusClientV2 c = client();
    if (clustering) { // sorted by the VarChar payload into several segments, swapped in one transaction
      CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
      schema.addField(io.milvus.v2.service.collection.request.AddFieldReq.builder().fieldName("id")
          .dataType(io.milvus.v2.common.DataType.Int64).isPrimaryKey(true).build());
      schema.addField(io.milvus.v2.service.collection.request.AddFieldReq.builder().fieldName("vector")
          .dataType(io.milvus.v2.common.DataType.FloatVector).dimension(8).build());
      schema.addField(io.milvus.v2.service.collection.request.AddFieldReq.builder().fieldName("payload")
          .dataType(io.milvus.v2.common.DataType.VarChar).maxLength(64).isClusteringKey(true).build());
      c.createCollection(CreateCollectionReq.builder().collectionName(name).collectionSchema(schema)
          .indexParams(List.of(io.milvus.v2.common.IndexParam.builder().fieldName("vector")
              .indexType(io.milvus.v2.common.IndexParam.IndexType.FLAT)
              .metricType(io.milvus.v2.common.IndexParam.MetricType.COSINE).build()))
          .build());
    } else {
      c.createCollection(CreateCollectionReq.builder().collectionName(name).dimension(8).build());
    }
    long collectionId = c.describeCollection(DescribeCollectionReq.builder().collectionName(name).build()).getCollectionID();
    c.insert(InsertReq.builder().collectionName(name).data(rows(0, 1500)).build());
    boolean compaction = failpoint.equals(Failpoints.COMPACTION_BEFORE_SWAP);
    if (compaction) {
      c.flush(FlushReq.builder().collectionNames(List.of(name)).build());
      c.insert(InsertReq.builder().collectionName(name).data(rows(1500, 500)).build());
      c.flush(FlushReq.builder().collectionNames(List.of(name)).build());
      c.delete(DeleteReq.builder().collectionName(name).filter("id < 100").build());
    }
    Files.writeString(FAILPOINTS, failpoint + "\n");
    try {
      if (compaction) {
        c.compact(CompactReq.builder().collectionName(name).isClustering(clustering).build()); // checkpoint, then the compaction thread halts
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !QUIVER.process().isAlive());
      } else {
        assertThatThrownBy(() -> c.flush(FlushReq.builder().collectionNames(List.of(name)).build()))
            .as("the server halts at %s", failpoint);
      }
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !QUIVER.process().isAlive());
      assertThat(QUIVER.process().exitCode()).hasValue(Failpoints.EXIT_CODE);
    } finally {
      Files.writeString(FAILPOINTS, "");
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // the server is gone
      }
    }

    // Only the catalog and the bucket: the local segment files are gone.
    Path segments = QUIVER.dataDirectory().resolve("segments");
    if (Files.exists(segments)) {
      try (Stream<Path> walk = Files.walk(segments)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    QUIVER.restart(); // would fail to load if a catalog entry pointed at a missing object
    MilvusClientV2 again = client();
    try {
      List<Long> ids = new ArrayList<>();
      long last = -1;
      while (true) {
        var page = again.query(io.milvus.v2.service.vector.request.QueryReq.builder().collectionName(name)
            .filter("id > " + last).outputFields(List.of("id")).limit(16_384).build()).getQueryResults();
        if (page.isEmpty()) {
          break;
        }
        for (var r : page) {
          ids.add((Long) r.getEntity().get("id"));
          last = Math.max(last, (Long) r.getEntity().get("id"));
        }
      }
      long expected = compaction ? 1900 : 1500;
      assertThat(new HashSet<>(ids)).as("distinct rows").hasSize(ids.size());
      assertThat(ids).as("every acknowledged row").hasSize((int) expected);

      again.flush(FlushReq.builder().collectionNames(List.of(name)).build());
      Set<Long> live = new HashSet<>();
      for (GetPersistentSegmentInfoResp.PersistentSegmentInfo s : again.getPersistentSegmentInfo(
          GetPersistentSegmentInfoReq.builder().collectionName(name).build()).getSegmentInfos()) {
        live.add(s.getSegmentID());
      }
      try (ObjectStore bucket = S3ObjectStore.open(S3Config.of(S3.endpoint(), "crash", S3.accessKey(), S3.secretKey())
          .withRegion(S3.region()))) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          for (ObjectInfo o : bucket.list("segments/" + collectionId + "/")) {
            long segment = Long.parseLong(o.key().split("/")[2]);
            assertThat(live).as("object %s belongs to a recorded segment", o.key()).contains(segment);
          }
        });
      }
    } finally {
      again.close();
    }
  }
}
