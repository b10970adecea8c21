package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kills the server with SIGKILL 20 times during a stream of inserts; after every restart each
 * row whose insert was acknowledged is present exactly once. Small segments and a small
 * checkpoint threshold make crashes land during sealing, segment writes and log truncation too.
 */
@org.junit.jupiter.api.Tag("long")
class DurabilityIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("segment.max-rows", "2048")
      .with("checkpoint.wal-bytes", "1m")
      .with("wal.file-bytes", "1m");

  static final String COLLECTION = "durable";
  static final int DIM = 8;
  static final int BATCH = 250;

  static MilvusClientV2 client() {
    MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).rpcDeadlineMs(20_000).build());
    c.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
    return c;
  }

  @Test
  void everyAcknowledgedRowSurvivesTwentyKills() throws Exception {
    try (AutoCloseableClient c = new AutoCloseableClient(client())) {
      CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
      schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
      schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(DIM).build());
      schema.addField(AddFieldReq.builder().fieldName("payload").dataType(DataType.VarChar).maxLength(64).build());
      c.get().createCollection(CreateCollectionReq.builder().collectionName(COLLECTION).collectionSchema(schema)
          .indexParams(List.of(IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.HNSW)
              .metricType(IndexParam.MetricType.L2).build()))
          .build());
    }
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicLong nextId = new AtomicLong();
    Random random = new Random(2026);
    for (int round = 1; round <= 20; round++) {
      AtomicBoolean stop = new AtomicBoolean();
      MilvusClientV2 writerClient = client();
      Thread writer = new Thread(() -> {
        while (!stop.get()) {
          long first = nextId.getAndAdd(BATCH);
          try {
            writerClient.insert(InsertReq.builder().collectionName(COLLECTION).data(rows(first, BATCH)).build());
            for (long id = first; id < first + BATCH; id++) {
              acknowledged.add(id);
            }
          } catch (RuntimeException e) {
            return; // the server died under us: this batch is not acknowledged
          }
        }
      }, "durability-writer");
      writer.start();
      Thread.sleep(300 + random.nextInt(1200));
      QUIVER.kill();
      stop.set(true);
      writer.join(60_000);
      assertThat(writer.isAlive()).as("writer stopped after the kill").isFalse();
      try {
        writerClient.close();
      } catch (RuntimeException ignored) {
        // the connection is dead already
      }
      QUIVER.restart();
      try (AutoCloseableClient c = new AutoCloseableClient(client())) {
        List<Long> present = allIds(c.get());
        Set<Long> distinct = new HashSet<>(present);
        assertThat(distinct).as("round %d: no primary key twice", round).hasSize(present.size());
        Set<Long> missing = new HashSet<>(acknowledged);
        missing.removeAll(distinct);
        assertThat(missing).as("round %d: acknowledged rows that are missing", round).isEmpty();
        assertThat(present).as("round %d: only rows that were sent", round).allMatch(id -> id < nextId.get());
        acknowledged.addAll(distinct); // rows persisted without an ack are part of the data now
      }
    }
    assertThat(acknowledged).hasSizeGreaterThan(20 * BATCH);
  }

  /** Every id in the collection, paged by primary key as the SDK iterators do. */
  static List<Long> allIds(MilvusClientV2 c) {
    return allIdsOf(c, COLLECTION);
  }

  /** Every id of {@code collection} (primary key field "id"), paged by primary key. */
  static List<Long> allIdsOf(MilvusClientV2 c, String collection) {
    List<Long> ids = new ArrayList<>();
    long last = -1;
    while (true) {
      QueryResp page = c.query(QueryReq.builder().collectionName(collection).filter("id > " + last)
          .outputFields(List.of("id")).limit(16_384).build());
      if (page.getQueryResults().isEmpty()) {
        return ids;
      }
      for (QueryResp.QueryResult r : page.getQueryResults()) {
        long id = (Long) r.getEntity().get("id");
        ids.add(id);
        last = Math.max(last, id);
      }
    }
  }

  static List<JsonObject> rows(long first, int count) {
    List<JsonObject> rows = new ArrayList<>(count);
    for (long id = first; id < first + count; id++) {
      JsonObject row = new JsonObject();
      row.addProperty("id", id);
      JsonArray v = new JsonArray();
      for (int d = 0; d < DIM; d++) {
        v.add((float) Math.sin(id * 31 + d));
      }
      row.add("vec", v);
      row.addProperty("payload", "row-" + id);
      rows.add(row);
    }
    return rows;
  }

  /** try-with-resources for the SDK client. */
  record AutoCloseableClient(MilvusClientV2 get) implements AutoCloseable {
    @Override
    public void close() {
      get.close();
    }
  }
}
