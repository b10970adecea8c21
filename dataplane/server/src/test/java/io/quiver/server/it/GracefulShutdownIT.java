package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIGTERM writes the growing segments to segment files, so the next start replays no log records. */
class GracefulShutdownIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  @Test
  void sigtermCheckpointsAndTheNextStartReplaysNothing() throws Exception {
    MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    client.createCollection(CreateCollectionReq.builder().collectionName("graceful").dimension(8).build());
    client.insert(InsertReq.builder().collectionName("graceful").data(DurabilityIT.rows(0, 3000).stream().map(r -> {
      r.add("vector", r.remove("vec"));
      return r;
    }).toList()).build());
    client.close();

    QUIVER.process().stop(); // SIGTERM, then waits
    assertThat(QUIVER.process().logSinceStart()).contains("shutting down");
    try (Stream<java.nio.file.Path> files = Files.walk(QUIVER.dataDirectory().resolve("segments"))) {
      assertThat(files.filter(p -> p.getFileName().toString().equals("data.arrow")).count()).isEqualTo(1);
    }

    QUIVER.restart();
    assertThat(QUIVER.process().logSinceStart()).doesNotContain("replayed");
    MilvusClientV2 again = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    try {
      Object count = again.query(QueryReq.builder().collectionName("graceful").filter("")
          .outputFields(List.of("count(*)")).build()).getQueryResults().get(0).getEntity().get("count(*)");
      assertThat(count).isEqualTo(3000L);
    } finally {
      again.close();
    }
  }
}
