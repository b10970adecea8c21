package io.quiver.storage.wal;

import static io.quiver.storage.wal.WalTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Concurrent appends share syncs. Asserts counts, never time. */
class GroupCommitTest {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitTest.class);

  @TempDir Path dir;

  @Test
  void eightConcurrentAppendersNeedFewerSyncsThanRecords() throws Exception {
    int threads = 8;
    int perThread = 150;
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, WalOptions.defaults());
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        // Each appender waits for its record to be durable before the next, like a client.
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            log.appendAndSync(record(thread * 1000L + i, 1024));
          }
          return null;
        }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
      WalStats stats = log.stats();
      LOG.info("{} records in {} syncs, {} records per batch", stats.records(), stats.syncs(), stats.averageBatchRecords());
      assertThat(stats.records()).isEqualTo(threads * perThread);
      assertThat(stats.syncs()).isEqualTo(stats.batches()).isLessThan(stats.records());
    }
  }

  @Test
  void appendsArrivingDuringASyncShareTheNextSync() throws Exception {
    Faults faults = new Faults();
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, WalOptions.defaults(), RecordTransformer.IDENTITY, faults.opener())) {
      List<byte[]> during = new ArrayList<>();
      for (int i = 1; i < 8; i++) {
        during.add(record(i, 100));
      }
      List<CompletableFuture<Long>> futures = faults.appendWhileASyncIsHeld(
          log, record(0, 100), during, () -> {});
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(i + 1L);
      }
      assertThat(log.stats().syncs()).isEqualTo(2);
      assertThat(log.stats().averageBatchRecords()).isEqualTo(4.0);
    }
  }
}
