package io.quiver.storage.wal;

import static io.quiver.storage.wal.WalTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.ObjectStoreException;
import io.quiver.storage.object.S3Config;
import io.quiver.storage.object.S3ObjectStore;
import io.quiver.testkit.s3.S3Extension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** S3 going away under a stream of appends, and coming back. */
class ObjectWalOutageIT {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectWalOutageIT.class);
  private static final int APPENDERS = 4;
  /** Generous for the default 2 s write deadline on a shared machine: no hang, no retrying for minutes. */
  private static final Duration FAIL_WITHIN = Duration.ofSeconds(10);

  @RegisterExtension
  static final S3Extension s3 = S3Extension.create();

  /** How one append ended. */
  private record Outcome(long key, long lsn, Throwable failure, Duration took) {}

  private static boolean retryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ObjectStoreException s) {
        return s.retryable();
      }
    }
    return false;
  }

  @Test
  void appendsFailRetryablyWithinTheDeadlineAndAReopenedLogReplaysEveryAcknowledgedRecordOnce() throws Exception {
    S3Config config = S3Config.of(s3.endpoint(), "outage", s3.accessKey(), s3.secretKey()).withRegion(s3.region())
        .withCreateBucketIfMissing(true).withDeadline(Duration.ofSeconds(30));
    try (S3ObjectStore root = S3ObjectStore.open(config)) {
      ObjectStore shard = root.scoped("wal/c1/s0");
      ObjectWriteAheadLog log = ObjectWriteAheadLog.open(shard, 1, ObjectWalOptions.defaults());
      Map<Long, Long> acknowledged = new ConcurrentHashMap<>(); // LSN -> key
      List<Outcome> failures = new CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      List<CompletableFuture<Void>> appenders = new ArrayList<>();
      for (int t = 0; t < APPENDERS; t++) {
        long base = t * 1_000_000L;
        appenders.add(CompletableFuture.runAsync(() -> {
          for (long key = base; !stop.get(); key++) {
            long start = System.nanoTime();
            try {
              long lsn = log.appendAndSync(record(key, 2000));
              acknowledged.put(lsn, key);
            } catch (Exception e) {
              failures.add(new Outcome(key, -1, e, Duration.ofNanos(System.nanoTime() - start)));
              return;
            }
          }
        }, runnable -> Thread.ofPlatform().start(runnable)));
      }
      while (acknowledged.size() < 200) {
        Thread.sleep(10);
      }
      // some appends still waiting in the queue when S3 goes away
      List<CompletableFuture<Long>> queued = new ArrayList<>();
      s3.stop();
      long stopped = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        queued.add(log.append(record(-1 - i, 100)));
      }
      CompletableFuture.allOf(appenders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      Duration allFailedAfter = Duration.ofNanos(System.nanoTime() - stopped);
      LOG.info("{} records acknowledged before the outage; every appender failed {} ms after S3 stopped", acknowledged.size(),
          allFailedAfter.toMillis());

      assertThat(failures).hasSize(APPENDERS).allSatisfy(failure -> {
        assertThat(failure.failure()).isInstanceOf(WalFailedException.class);
        assertThat(retryable(failure.failure())).as("retryable: %s", failure.failure()).isTrue();
        assertThat(failure.took()).isLessThan(FAIL_WITHIN);
      });
      for (CompletableFuture<Long> future : queued) {
        assertThat(future).failsWithin(FAIL_WITHIN).withThrowableThat().havingCause()
            .isInstanceOf(WalFailedException.class).matches(ObjectWalOutageIT::retryable, "retryable");
      }
      assertThat(allFailedAfter).isLessThan(FAIL_WITHIN);
      // the log refuses appends now, without waiting for S3
      long refusedStart = System.nanoTime();
      assertThat(log.append(record(42, 10))).isCompletedExceptionally();
      assertThat(Duration.ofNanos(System.nanoTime() - refusedStart)).isLessThan(Duration.ofSeconds(1));
      log.close();

      s3.start();
      try (ObjectWriteAheadLog reopened = ObjectWriteAheadLog.open(shard, 2, ObjectWalOptions.defaults())) {
        Map<Long, Integer> seen = new HashMap<>();
        long[] expected = {1};
        reopened.replay(0, (lsn, bytes) -> {
          assertThat(lsn).as("dense, in order").isEqualTo(expected[0]++);
          Long key = acknowledged.get(lsn);
          if (key != null) {
            assertThat(WalTestSupport.bytes(bytes)).isEqualTo(record(key, 2000));
          }
          seen.merge(lsn, 1, Integer::sum);
        });
        for (long lsn : acknowledged.keySet()) {
          assertThat(seen.get(lsn)).as("acknowledged LSN %d replayed once", lsn).isEqualTo(1);
        }
        assertThat(reopened.nextLsn()).isEqualTo(expected[0]);
        long lsn = reopened.appendAndSync(record(7, 10));
        assertThat(lsn).isEqualTo(expected[0]);
        LOG.info("after the outage: {} records replayed, {} of them acknowledged; appends work again", seen.size(),
            acknowledged.size());
      }
    }
  }
}
