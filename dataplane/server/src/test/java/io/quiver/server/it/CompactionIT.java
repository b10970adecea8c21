package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.CompactionState;
import io.milvus.v2.service.collection.request.AlterCollectionPropertiesReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.utility.request.CompactReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.utility.request.GetCompactionStateReq;
import io.milvus.v2.service.utility.request.GetPersistentSegmentInfoReq;
import io.milvus.v2.service.utility.response.GetPersistentSegmentInfoResp;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Manual compaction merges small segments and drops deleted rows; the result survives a restart; TTL expires rows. */
class CompactionIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("segment.max-rows", "1024")
      .with("compaction.interval", "0s");

  static List<JsonObject> rows(long first, int count) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject r : DurabilityIT.rows(first, count)) {
      r.add("vector", r.remove("vec"));
      out.add(r);
    }
    return out;
  }

  static long count(MilvusClientV2 c, String collection, String filter) {
    return (Long) c.query(QueryReq.builder().collectionName(collection).filter(filter).outputFields(List.of("count(*)")).build())
        .getQueryResults().get(0).getEntity().get("count(*)");
  }

  static List<GetPersistentSegmentInfoResp.PersistentSegmentInfo> segments(MilvusClientV2 c, String collection) {
    return c.getPersistentSegmentInfo(GetPersistentSegmentInfoReq.builder().collectionName(collection).build()).getSegmentInfos();
  }

  @Test
  void manualCompactionMergesSegmentsAndDropsDeletedRows() {
    MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    c.createCollection(CreateCollectionReq.builder().collectionName("compacted").dimension(8).build());
    for (int b = 0; b < 10; b++) {
      c.insert(InsertReq.builder().collectionName("compacted").data(rows(b * 300L, 300)).build());
      c.flush(FlushReq.builder().collectionNames(List.of("compacted")).build()); // ten small segments
    }
    assertThat(segments(c, "compacted")).hasSize(10);
    c.delete(DeleteReq.builder().collectionName("compacted").filter("id % 3 == 0").build());
    long live = count(c, "compacted", "");
    assertThat(live).isEqualTo(2000);

    long id = c.compact(CompactReq.builder().collectionName("compacted").build()).getCompactionID();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        c.getCompactionState(GetCompactionStateReq.builder().compactionID(id).build()).getState() == CompactionState.Completed);
    assertThat(c.getCompactionState(GetCompactionStateReq.builder().compactionID(id).build()).getCompletedPlanNo())
        .isPositive();

    List<GetPersistentSegmentInfoResp.PersistentSegmentInfo> after = segments(c, "compacted");
    assertThat(after.size()).isLessThan(10);
    assertThat(after.stream().mapToLong(GetPersistentSegmentInfoResp.PersistentSegmentInfo::getNumOfRows).sum()).isEqualTo(2000);
    assertThat(count(c, "compacted", "")).isEqualTo(2000);
    assertThat(count(c, "compacted", "id % 3 == 0")).isZero();
    c.close();

    QUIVER.restart();
    MilvusClientV2 again = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    assertThat(count(again, "compacted", "")).isEqualTo(2000);
    assertThat(count(again, "compacted", "id % 3 == 0")).isZero();
    assertThat(segments(again, "compacted")).hasSize(after.size());
    again.close();
  }

  @Test
  void rowsOlderThanTheTimeToLiveDisappearAndCompactionDropsThem() {
    MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    c.createCollection(CreateCollectionReq.builder().collectionName("ttl").dimension(8).build());
    // The SDK's quick setup does not send properties: set the time to live afterwards.
    c.alterCollectionProperties(AlterCollectionPropertiesReq.builder().collectionName("ttl")
        .properties(Map.of("collection.ttl.seconds", "3")).build());
    c.insert(InsertReq.builder().collectionName("ttl").data(rows(0, 500)).build());
    c.flush(FlushReq.builder().collectionNames(List.of("ttl")).build());
    assertThat(count(c, "ttl", "")).isEqualTo(500);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(c, "ttl", "") == 0);
    c.insert(InsertReq.builder().collectionName("ttl").data(rows(1000, 10)).build());
    assertThat(count(c, "ttl", "")).isEqualTo(10);
    long id = c.compact(CompactReq.builder().collectionName("ttl").build()).getCompactionID();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        c.getCompactionState(GetCompactionStateReq.builder().compactionID(id).build()).getState() == CompactionState.Completed);
    assertThat(segments(c, "ttl").stream().mapToLong(GetPersistentSegmentInfoResp.PersistentSegmentInfo::getNumOfRows).sum())
        .isEqualTo(10);
    c.close();
  }
}
