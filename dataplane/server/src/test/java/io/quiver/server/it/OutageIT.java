package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import io.quiver.testkit.etcd.EtcdExtension;
import io.quiver.testkit.s3.S3Extension;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * etcd stopped for 30 s, then the S3 server for 60 s, during a stream of inserts: writes fail fast
 * with a retryable Milvus error (no hang), succeed again soon after the service is back, and no
 * acknowledged row is lost. Durations are asserted with a margin for this shared 2-core machine:
 * the requirement is about hangs (the SDK would otherwise wait for minutes), not milliseconds.
 */
@org.junit.jupiter.api.Tag("long")
class OutageIT {

  @RegisterExtension
  @Order(1)
  static final EtcdExtension ETCD = EtcdExtension.singleNode();

  @RegisterExtension
  @Order(2)
  static final S3Extension S3 = S3Extension.create();

  @RegisterExtension
  @Order(3)
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("storage.etcd.prefix", "/quiver/outage/")
      .with("storage.s3.bucket", "outage")
      .with("storage.s3.create-bucket", "true")
      .with("storage.s3.deadline", "1s")
      .with("storage.wal.deadline", "1s")
      .with("storage.etcd.timeout", "1s")
      .withEtcd(ETCD)
      .withS3(S3);

  /** One insert attempt: when it started and ended (ms since the test began) and how it ended. */
  record Attempt(long startMs, long endMs, boolean ok, int code, String message) {}

  final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  final AtomicLong nextId = new AtomicLong();
  long t0;

  long now() {
    return System.currentTimeMillis() - t0;
  }

  @Test
  void writesFailFastDuringOutagesRecoverAfterwardsAndLoseNothing() throws Exception {
    MilvusClientV2 setup = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    setup.createCollection(CreateCollectionReq.builder().collectionName("outage").dimension(8).build());
    setup.close();
    t0 = System.currentTimeMillis();
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      MilvusClientV2 c = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).rpcDeadlineMs(30_000).build());
      c.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
      while (!stop.get()) {
        long first = nextId.getAndAdd(50);
        long start = now();
        try {
          c.insert(InsertReq.builder().collectionName("outage").data(rows(first, 50)).build());
          attempts.add(new Attempt(start, now(), true, 0, ""));
          for (long id = first; id < first + 50; id++) {
            acknowledged.add(id);
          }
        } catch (MilvusClientException e) {
          attempts.add(new Attempt(start, now(), false, e.getServerErrCode(), String.valueOf(e.getMessage())));
          sleepQuietly(100);
        }
      }
      c.close();
    }, "outage-writer");
    writer.start();

    Thread.sleep(5_000);
    long etcdDown = now();
    ETCD.stop();
    Thread.sleep(30_000);
    long etcdUp = now();
    ETCD.start();
    Thread.sleep(15_000);
    long s3Down = now();
    S3.stop();
    Thread.sleep(60_000);
    long s3Up = now();
    S3.start();
    Thread.sleep(15_000);
    stop.set(true);
    writer.join(60_000);

    checkOutage("etcd", etcdDown, etcdUp);
    checkOutage("s3", s3Down, s3Up);
    assertThat(attempts.stream().filter(a -> !a.ok())).allSatisfy(a -> {
      assertThat(a.code()).as("a retryable Milvus error (not ready / unavailable): %s", a.message()).isIn(1, 2);
      assertThat(a.endMs() - a.startMs()).as("failed within 2 s, no hang: %s", a.message()).isLessThan(2_000);
    });

    MilvusClientV2 check = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
    try {
      Set<Long> present = new HashSet<>(DurabilityIT.allIdsOf(check, "outage"));
      Set<Long> missing = new HashSet<>(acknowledged);
      missing.removeAll(present);
      assertThat(missing).as("acknowledged rows that are missing").isEmpty();
    } finally {
      check.close();
    }
  }

  void checkOutage(String service, long down, long up) {
    List<Attempt> during = attempts.stream().filter(a -> a.startMs() > down + 4_000 && a.endMs() < up).toList();
    assertThat(during).as("%s down: writes were attempted", service).isNotEmpty();
    assertThat(during).as("%s down: no write succeeds while it is down (after the lease lapsed)", service)
        .noneMatch(Attempt::ok);
    Attempt firstFailure = attempts.stream().filter(a -> !a.ok() && a.endMs() > down).findFirst().orElseThrow();
    assertThat(firstFailure.endMs() - down).as("%s down: the first failure comes within seconds", service).isLessThan(6_000);
    Attempt firstSuccess = attempts.stream().filter(a -> a.ok() && a.startMs() > up).findFirst().orElseThrow();
    System.out.printf("%s: down at %d ms, first failure after %d ms, up at %d ms, first success %d ms after%n", service,
        down, firstFailure.endMs() - down, up, firstSuccess.endMs() - up);
    assertThat(firstSuccess.endMs() - up).as("%s up: writes succeed again within 5 s", service).isLessThan(5_000);
  }

  static List<JsonObject> rows(long first, int count) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject r : DurabilityIT.rows(first, count)) {
      r.add("vector", r.remove("vec"));
      out.add(r);
    }
    return out;
  }

  static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
