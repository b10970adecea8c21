package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.utility.request.GetQuerySegmentInfoReq;
import io.milvus.v2.service.utility.response.GetQuerySegmentInfoResp;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import io.quiver.testkit.s3.S3Extension;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ReleaseCollection frees the collection's memory: its memory mappings are gone from the server
 * process and, with an object store, its cached segment files from the data directory.
 * LoadCollection brings back identical results; writes made while released are kept; the
 * released state survives a restart.
 */
class ReleaseLoadIT {

  @RegisterExtension
  @Order(1)
  static final S3Extension S3 = S3Extension.create();

  @RegisterExtension
  @Order(2)
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("storage.object-store", "s3")
      .with("storage.s3.bucket", "quiver-release")
      .with("storage.s3.create-bucket", "true")
      .with("segment.max-rows", "1024")
      .with("compaction.interval", "0s")
      .withLazySettings(() -> java.util.Map.of(
          "storage.s3.endpoint", S3.endpoint(),
          "storage.s3.access-key-id", S3.accessKey(),
          "storage.s3.secret-access-key", S3.secretKey(),
          "storage.s3.region", S3.region()));

  static final String C = "released";

  static MilvusClientV2 client() {
    return new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
  }

  /** Lines of the server's memory map naming files of the collection's segments. */
  static List<String> mappedSegmentFiles(long collectionId) throws IOException {
    String marker = "/segments/" + collectionId + "/";
    try (Stream<String> lines = Files.lines(Path.of("/proc/" + QUIVER.pid() + "/maps"))) {
      return lines.filter(l -> l.contains(marker)).toList();
    }
  }

  /** Segment directories cached in the data directory for the collection. */
  static List<Path> cachedSegments(long collectionId) throws IOException {
    Path dir = QUIVER.dataDirectory().resolve("segments").resolve(Long.toString(collectionId));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children.toList();
    }
  }

  /** "id:score" of the hits, ordered by score (rounded) then id, so that near-ties compare equal whatever their order. */
  static List<String> ids(SearchResp r) {
    return r.getSearchResults().get(0).stream()
        .sorted(java.util.Comparator.comparing((SearchResp.SearchResult h) -> -Math.round(h.getScore() * 1e4))
            .thenComparing(h -> (Long) h.getId()))
        .map(h -> h.getId() + ":" + Math.round(h.getScore() * 1e4)).toList();
  }

  static List<String> queryRows(MilvusClientV2 c, String filter) {
    List<String> out = new ArrayList<>();
    for (QueryResp.QueryResult r : c.query(QueryReq.builder().collectionName(C).filter(filter)
        .outputFields(List.of("id", "payload", "vector")).build()).getQueryResults()) {
      out.add(r.getEntity().get("id") + ":" + r.getEntity().get("payload") + ":" + r.getEntity().get("vector"));
    }
    out.sort(null);
    return out;
  }

  static float[] query(int id) {
    float[] q = new float[DurabilityIT.DIM];
    for (int d = 0; d < q.length; d++) {
      q[d] = (float) Math.sin(id * 31 + d);
    }
    return q;
  }

  static SearchResp search(MilvusClientV2 c) {
    return c.search(SearchReq.builder().collectionName(C).data(List.of(new FloatVec(query(1234)))).limit(10)
        .outputFields(List.of("payload")).build());
  }

  static void awaitIndexed(MilvusClientV2 c) {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      DescribeIndexResp.IndexDesc d = c.describeIndex(DescribeIndexReq.builder().collectionName(C).fieldName("vector").build())
          .getIndexDescriptions().get(0);
      return d.getPendingIndexRows() == 0 && d.getIndexedRows() == d.getTotalRows();
    });
  }

  @Test
  void releaseFreesMemoryAndCacheAndLoadBringsEverythingBack() throws Exception {
    MilvusClientV2 c = client();
    c.createCollection(CreateCollectionReq.builder().collectionName(C).dimension(DurabilityIT.DIM).build());
    c.insert(InsertReq.builder().collectionName(C).data(CompactionIT.rows(0, 5000)).build());
    c.flush(FlushReq.builder().collectionNames(List.of(C)).build());
    awaitIndexed(c);
    long id = c.describeCollection(DescribeCollectionReq.builder().collectionName(C).build()).getCollectionID();

    SearchResp searchBefore = search(c);
    List<String> rowsBefore = queryRows(c, "id >= 1000 and id < 1100");
    List<GetQuerySegmentInfoResp.QuerySegmentInfo> loadedSegments = c.getQuerySegmentInfo(
        GetQuerySegmentInfoReq.builder().collectionName(C).build()).getSegmentInfos();
    assertThat(loadedSegments).hasSizeGreaterThanOrEqualTo(5);
    assertThat(loadedSegments).allMatch(s -> s.getMemSize() > 0);
    assertThat(mappedSegmentFiles(id)).as("vector files are memory-mapped while loaded").isNotEmpty();
    assertThat(cachedSegments(id)).isNotEmpty();

    c.releaseCollection(ReleaseCollectionReq.builder().collectionName(C).build());

    assertThat(c.getLoadState(GetLoadStateReq.builder().collectionName(C).build())).isFalse();
    assertThat(c.getQuerySegmentInfo(GetQuerySegmentInfoReq.builder().collectionName(C).build()).getSegmentInfos()).isEmpty();
    assertThat(mappedSegmentFiles(id)).as("no segment file stays mapped after release").isEmpty();
    assertThat(cachedSegments(id)).as("the local segment cache is dropped").isEmpty();
    assertThatThrownBy(() -> queryRows(c, "id < 10")).hasMessageContaining("not loaded");
    assertThatThrownBy(() -> c.delete(DeleteReq.builder().collectionName(C).filter("payload == \"row-5\"").build()))
        .hasMessageContaining("not loaded").hasMessageContaining("primary keys");

    // Loading again brings back identical results.
    c.loadCollection(LoadCollectionReq.builder().collectionName(C).build());
    assertThat(mappedSegmentFiles(id)).isNotEmpty();
    assertThat(queryRows(c, "id >= 1000 and id < 1100")).isEqualTo(rowsBefore);
    awaitIndexed(c);
    SearchResp searchAfter = search(c);
    assertThat(ids(searchAfter)).isEqualTo(ids(searchBefore));
    assertThat(searchAfter.getSearchResults().get(0).stream().map(r -> r.getId() + "=" + r.getEntity().get("payload")).sorted().toList())
        .isEqualTo(searchBefore.getSearchResults().get(0).stream().map(r -> r.getId() + "=" + r.getEntity().get("payload")).sorted().toList());
    c.releaseCollection(ReleaseCollectionReq.builder().collectionName(C).build());
    assertThat(mappedSegmentFiles(id)).isEmpty();

    // Writes while released are acknowledged, survive a flush (checkpoint) and show after load.
    c.insert(InsertReq.builder().collectionName(C).data(CompactionIT.rows(5000, 500)).build());
    c.delete(DeleteReq.builder().collectionName(C).filter("id in [1000, 1001, 1002, 5001]").build());
    c.flush(FlushReq.builder().collectionNames(List.of(C)).build());
    c.insert(InsertReq.builder().collectionName(C).data(CompactionIT.rows(6000, 10)).build()); // only in the log
    c.delete(DeleteReq.builder().collectionName(C).filter("id in [1003]").build());
    assertThat(mappedSegmentFiles(id)).as("segments written while released are not mapped").isEmpty();
    assertThat(cachedSegments(id)).isEmpty();

    c.loadCollection(LoadCollectionReq.builder().collectionName(C).build());

    assertThat(mappedSegmentFiles(id)).isNotEmpty();
    List<String> expected = new ArrayList<>(rowsBefore);
    expected.removeIf(r -> r.startsWith("1000:") || r.startsWith("1001:") || r.startsWith("1002:") || r.startsWith("1003:"));
    assertThat(queryRows(c, "id >= 1000 and id < 1100")).isEqualTo(expected);
    assertThat(CompactionIT.count(c, C, "")).isEqualTo(5000 + 500 + 10 - 5);
    assertThat(CompactionIT.count(c, C, "id == 5001")).isZero();
    assertThat(CompactionIT.count(c, C, "id >= 6000")).isEqualTo(10);
    awaitIndexed(c);
    SearchResp withWrites = search(c);

    // Released before a restart: still released and not in memory after it; loading works.
    c.releaseCollection(ReleaseCollectionReq.builder().collectionName(C).build());
    c.insert(InsertReq.builder().collectionName(C).data(CompactionIT.rows(7000, 5)).build()); // log only
    c.close();
    QUIVER.kill();
    QUIVER.restart();
    MilvusClientV2 again = client();
    try {
      assertThat(again.getLoadState(GetLoadStateReq.builder().collectionName(C).build())).isFalse();
      assertThat(mappedSegmentFiles(id)).isEmpty();
      assertThat(cachedSegments(id)).isEmpty();
      again.delete(DeleteReq.builder().collectionName(C).filter("id in [7000, 2000]").build());
      again.loadCollection(LoadCollectionReq.builder().collectionName(C).build());
      assertThat(mappedSegmentFiles(id)).isNotEmpty();
      assertThat(CompactionIT.count(again, C, "")).isEqualTo(5000 + 500 + 10 - 5 + 5 - 2);
      expected.removeIf(r -> r.startsWith("2000:"));
      assertThat(queryRows(again, "id >= 1000 and id < 1100")).isEqualTo(expected);
      awaitIndexed(again);
      // rows written while released (7001..7004 here) can tie with the nearest ones: check the
      // hits are live rows and the exact match leads
      List<Object> hits = search(again).getSearchResults().get(0).stream().map(SearchResp.SearchResult::getId).toList();
      assertThat(hits).hasSize(10).startsWith(1234L).doesNotContain(1000L, 1001L, 1002L, 1003L, 2000L, 5001L, 7000L);
      assertThat(ids(withWrites)).hasSize(10);
    } finally {
      again.close();
    }
  }

  @Test
  void anIndexCreatedWhileReleasedIsBuiltFromStoredData() throws Exception {
    MilvusClientV2 c = client();
    try {
      String name = "released_index";
      c.createCollection(CreateCollectionReq.builder().collectionName(name).dimension(DurabilityIT.DIM).build());
      c.insert(InsertReq.builder().collectionName(name).data(CompactionIT.rows(0, 2500)).build());
      c.flush(FlushReq.builder().collectionNames(List.of(name)).build());
      c.releaseCollection(ReleaseCollectionReq.builder().collectionName(name).build());
      c.dropIndex(io.milvus.v2.service.index.request.DropIndexReq.builder().collectionName(name).fieldName("vector").build());
      c.createIndex(io.milvus.v2.service.index.request.CreateIndexReq.builder().collectionName(name).indexParams(List.of(
          io.milvus.v2.common.IndexParam.builder().fieldName("vector").indexType(io.milvus.v2.common.IndexParam.IndexType.HNSW)
              .metricType(io.milvus.v2.common.IndexParam.MetricType.COSINE).build())).build());
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
        DescribeIndexResp.IndexDesc d = c.describeIndex(DescribeIndexReq.builder().collectionName(name).fieldName("vector").build())
            .getIndexDescriptions().get(0);
        return d.getPendingIndexRows() == 0 && d.getIndexedRows() == 2500;
      });
      long id = c.describeCollection(DescribeCollectionReq.builder().collectionName(name).build()).getCollectionID();
      assertThat(mappedSegmentFiles(id)).as("built from stored data, then released again").isEmpty();
      assertThat(cachedSegments(id)).isEmpty();
      c.loadCollection(LoadCollectionReq.builder().collectionName(name).build());
      List<GetQuerySegmentInfoResp.QuerySegmentInfo> segs = c.getQuerySegmentInfo(
          GetQuerySegmentInfoReq.builder().collectionName(name).build()).getSegmentInfos();
      assertThat(segs).isNotEmpty().allMatch(s -> s.getIndexName() != null && !s.getIndexName().isEmpty());
      SearchResp r = c.search(SearchReq.builder().collectionName(name).data(List.of(new FloatVec(query(77)))).limit(1).build());
      assertThat(r.getSearchResults().get(0).get(0).getId()).isEqualTo(77L);
    } finally {
      c.close();
    }
  }
}
