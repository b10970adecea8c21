package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With storage.lazy-load=true, LoadCollection and a restart leave segments unread until the first search or query. */
class LazyLoadIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("storage.lazy-load", "true")
      .with("compaction.interval", "0s");

  static long mapped(long collectionId) throws IOException {
    String marker = "/segments/" + collectionId + "/";
    try (Stream<String> lines = Files.lines(Path.of("/proc/" + QUIVER.pid() + "/maps"))) {
      return lines.filter(l -> l.contains(marker)).count();
    }
  }

  @Test
  void segmentsAreReadOnTheFirstRead() throws Exception {
    MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    c.createCollection(CreateCollectionReq.builder().collectionName("lazy").dimension(DurabilityIT.DIM).build());
    c.insert(InsertReq.builder().collectionName("lazy").data(CompactionIT.rows(0, 3000)).build());
    c.flush(FlushReq.builder().collectionNames(List.of("lazy")).build());
    long id = c.describeCollection(DescribeCollectionReq.builder().collectionName("lazy").build()).getCollectionID();
    c.releaseCollection(ReleaseCollectionReq.builder().collectionName("lazy").build());
    assertThat(mapped(id)).isZero();

    c.loadCollection(LoadCollectionReq.builder().collectionName("lazy").build());
    assertThat(c.getLoadState(GetLoadStateReq.builder().collectionName("lazy").build())).isTrue();
    assertThat(mapped(id)).as("lazy: nothing read at load").isZero();
    assertThat(CompactionIT.count(c, "lazy", "id >= 100")).isEqualTo(2900);
    assertThat(mapped(id)).as("the first query read the segments").isPositive();
    c.close();

    QUIVER.kill();
    QUIVER.restart();
    MilvusClientV2 again = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    try {
      assertThat(again.getLoadState(GetLoadStateReq.builder().collectionName("lazy").build())).isTrue();
      assertThat(mapped(id)).as("lazy: nothing read at start").isZero();
      float[] q = ReleaseLoadIT.query(42);
      Object top = again.search(SearchReq.builder().collectionName("lazy").data(List.of(new FloatVec(q))).limit(3).build())
          .getSearchResults().get(0).get(0).getId();
      assertThat(top).isEqualTo(42L);
      assertThat(mapped(id)).isPositive();
    } finally {
      again.close();
    }
  }
}
