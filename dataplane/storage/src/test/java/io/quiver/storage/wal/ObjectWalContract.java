package io.quiver.storage.wal;

import static io.quiver.storage.wal.WalTestSupport.record;
import static io.quiver.storage.wal.WalTestSupport.replayAll;
import static io.quiver.storage.wal.WalTestSupport.replayFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import io.quiver.storage.object.ObjectInfo;
import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.wal.FileWriteAheadLogTest.XorTransformer;
import io.quiver.storage.wal.ObjectWalFormat.BatchKey;
import io.quiver.storage.wal.ObjectWalFormat.Key;
import io.quiver.storage.wal.WalTestSupport.Entry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link WriteAheadLog} contract as {@link ObjectWriteAheadLog} keeps it, plus its object
 * layout and fencing, run against every object store by a subclass. Every open uses the next
 * epoch, as a caller that bumps it in the catalog would.
 */
abstract class ObjectWalContract {

  /** The store under test, wrapped so tests can interleave or fail calls. */
  protected HookedObjectStore store;

  private long epoch;

  /** A new, empty store (or view) for one test; closed after it. */
  protected abstract ObjectStore newStore() throws IOException;

  @BeforeEach
  void openStore() throws IOException {
    store = new HookedObjectStore(newStore());
  }

  @AfterEach
  void closeStore() {
    closeUnderlyingStore();
  }

  /** Closes what {@link #newStore} returned. */
  protected abstract void closeUnderlyingStore();

  protected ObjectWalOptions options() {
    return ObjectWalOptions.defaults();
  }

  /** Opens the log with the next epoch. */
  protected ObjectWriteAheadLog open() throws IOException {
    return open(options());
  }

  protected ObjectWriteAheadLog open(ObjectWalOptions options) throws IOException {
    return ObjectWriteAheadLog.open(store, ++epoch, options);
  }

  protected ObjectWriteAheadLog open(RecordTransformer transformer) throws IOException {
    return ObjectWriteAheadLog.open(store, ++epoch, options(), transformer);
  }

  /** The batch keys in the store, in listing order. */
  protected List<BatchKey> batchKeys() throws IOException {
    List<BatchKey> keys = new ArrayList<>();
    for (ObjectInfo info : store.list("")) {
      if (ObjectWalFormat.parseKey(info.key()) instanceof BatchKey batch) {
        keys.add(batch);
      }
    }
    return keys;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  // ---- the WriteAheadLog contract ----

  @Test
  void replaysAppendedRecordsWithTheirLsnsInOrderAlsoAfterReopen() throws IOException {
    List<Entry> appended = new ArrayList<>();
    try (ObjectWriteAheadLog log = open()) {
      assertThat(log.nextLsn()).isEqualTo(1);
      assertThat(log.firstLsn()).isEqualTo(1);
      for (int i = 0; i < 20; i++) {
        byte[] bytes = record(i, i * 37);
        appended.add(new Entry(log.appendAndSync(bytes), bytes));
      }
      assertThat(appended).extracting(Entry::lsn).containsExactlyElementsOf(range(1, 20));
      assertThat(log.nextLsn()).isEqualTo(21);
      assertThat(replayAll(log)).containsExactlyElementsOf(appended);
    }
    try (ObjectWriteAheadLog log = open()) {
      assertThat(replayAll(log)).containsExactlyElementsOf(appended);
      assertThat(log.nextLsn()).isEqualTo(21);
      assertThat(log.firstLsn()).isEqualTo(1);
    }
  }

  @Test
  void replayStartsAtTheRequestedLsnAlsoInsideABatch() throws IOException {
    try (ObjectWriteAheadLog log = open(options().withMaxBatchRecords(7))) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(log.append(record(i, 500)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
      assertThat(replayFrom(log, 37)).extracting(Entry::lsn).containsExactlyElementsOf(range(37, 50));
      assertThat(replayFrom(log, 37).getFirst().bytes()).isEqualTo(record(36, 500));
      assertThat(replayFrom(log, 51)).isEmpty();
    }
  }

  @Test
  void replayedBuffersAreReadOnly() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      log.appendAndSync(new byte[] {1, 2, 3});
      log.replay(0, (lsn, buffer) -> {
        assertThat(buffer.isReadOnly()).isTrue();
        assertThat(buffer.remaining()).isEqualTo(3);
      });
    }
  }

  @Test
  void concurrentAppendsGetDistinctDenseLsnsAndReplayExactlyTheAcknowledgedRecordsInOrder() throws Exception {
    int threads = 8;
    int perThread = 300;
    ConcurrentHashMap<Long, byte[]> acknowledged = new ConcurrentHashMap<>();
    try (ObjectWriteAheadLog log = open(options().withMaxBatchBytes(256 << 10));
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(pool.submit(() -> {
          List<CompletableFuture<Long>> futures = new ArrayList<>();
          List<byte[]> records = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            byte[] bytes = record(thread * 100_000L + i, 1 + (i * 131) % 3000);
            records.add(bytes);
            futures.add(log.append(bytes));
            if (i % 50 == 49) {
              futures.getLast().join(); // some appenders wait now and then, so batches vary
            }
          }
          long previous = 0;
          for (int i = 0; i < perThread; i++) {
            long lsn = futures.get(i).join();
            assertThat(lsn).isGreaterThan(previous);
            previous = lsn;
            assertThat(acknowledged.put(lsn, records.get(i))).isNull();
          }
          return null;
        }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
      int total = threads * perThread;
      assertThat(acknowledged.keySet()).containsExactlyInAnyOrderElementsOf(range(1, total));
      assertThat(log.stats().batches()).isLessThan(total); // group commit happened
      List<Entry> replayed = replayAll(log);
      assertThat(replayed).extracting(Entry::lsn).containsExactlyElementsOf(range(1, total));
      for (Entry entry : replayed) {
        assertThat(entry.bytes()).isEqualTo(acknowledged.get(entry.lsn()));
      }
    }
    try (ObjectWriteAheadLog log = open()) {
      List<Entry> replayed = replayAll(log);
      assertThat(replayed).hasSize(threads * perThread);
      for (Entry entry : replayed) {
        assertThat(entry.bytes()).isEqualTo(acknowledged.get(entry.lsn()));
      }
    }
  }

  @Test
  void replayWhileAppendingSeesADensePrefixOfAcknowledgedRecords() throws Exception {
    try (ObjectWriteAheadLog log = open(options().withMaxBatchRecords(20))) {
      CompletableFuture<Void> appender = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 400; i++) {
          log.append(record(i, 100 + i % 300));
        }
      });
      while (!appender.isDone()) {
        List<Entry> seen = replayAll(log);
        for (int i = 0; i < seen.size(); i++) {
          assertThat(seen.get(i).lsn()).isEqualTo(i + 1L);
          assertThat(seen.get(i).bytes()).isEqualTo(record(i, 100 + i % 300));
        }
      }
      appender.get();
      log.appendAndSync(new byte[0]);
      assertThat(replayAll(log)).hasSize(401);
    }
  }

  @Test
  void lsnOrderIsTheOrderAppendWasCalledIn() throws Exception {
    try (ObjectWriteAheadLog log = open()) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        futures.add(log.append(record(i, 10)));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(i + 1L);
      }
    }
  }

  @Test
  void futuresCompleteInLsnOrderOnOneThread() throws Exception {
    try (ObjectWriteAheadLog log = open(options().withMaxBatchRecords(3))) {
      List<Long> completed = new ArrayList<>();
      List<String> threads = new ArrayList<>();
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      CountDownLatch attached = new CountDownLatch(1);
      store.hooks.beforePut = key -> await(attached); // nothing completes before every stage is attached
      for (int i = 0; i < 40; i++) {
        futures.add(log.append(record(i, 10)).whenComplete((lsn, e) -> {
          completed.add(lsn); // only the writer thread runs this, so no lock is needed
          threads.add(Thread.currentThread().getName());
        }));
      }
      attached.countDown();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
      assertThat(completed).containsExactlyElementsOf(range(1, 40));
      assertThat(threads).containsOnly(threads.getFirst()).allMatch(name -> name.startsWith("quiver-wal-"));
    }
  }

  @Test
  void eachBatchIsOneObjectNamedByEpochAndLsnRangeWithinTheBatchLimits() throws Exception {
    try (ObjectWriteAheadLog log = open(options().withMaxBatchRecords(10).withMaxBatchBytes(4096))) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(log.append(record(i, 100 + i % 200)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
      List<BatchKey> batches = batchKeys();
      assertThat(batches).hasSize((int) log.stats().batches());
      long expected = 1;
      for (BatchKey batch : batches) {
        assertThat(batch.epoch()).isEqualTo(log.epoch());
        assertThat(batch.firstLsn()).isEqualTo(expected);
        assertThat(batch.lastLsn() - batch.firstLsn() + 1).isBetween(1L, 10L);
        expected = batch.lastLsn() + 1;
      }
      assertThat(expected).isEqualTo(201);
      for (ObjectInfo info : store.list("")) {
        if (HookedObjectStore.isBatch(info.key())) {
          assertThat(info.size()).isLessThanOrEqualTo(4096);
        }
      }
    }
  }

  @Test
  void aRecordLargerThanTheBatchLimitGetsABatchOfItsOwn() throws IOException {
    try (ObjectWriteAheadLog log = open(options().withMaxBatchBytes(4096))) {
      log.appendAndSync(record(1, 100));
      log.appendAndSync(record(2, 10_000));
      log.appendAndSync(record(3, 100));
      assertThat(batchKeys()).extracting(BatchKey::firstLsn).containsExactly(1L, 2L, 3L);
      assertThat(replayAll(log)).containsExactly(
          new Entry(1, record(1, 100)), new Entry(2, record(2, 10_000)), new Entry(3, record(3, 100)));
    }
  }

  @Test
  void rejectsARecordLargerThanMaxRecordBytesAndStaysUsable() throws IOException {
    try (ObjectWriteAheadLog log = open(options().withMaxRecordBytes(1000))) {
      CompletableFuture<Long> tooLarge = log.append(new byte[1001]);
      assertThatThrownBy(tooLarge::join).hasCauseInstanceOf(QuiverException.class)
          .hasMessageContaining("1001 bytes exceeds the limit of 1000 bytes (maxRecordBytes)");
      assertThat(((QuiverException) tooLarge.exceptionNow()).code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
      assertThat(log.appendAndSync(new byte[1000])).isEqualTo(1);
    }
  }

  @Test
  void acceptsEmptyRecords() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      log.appendAndSync(new byte[0]);
      log.appendAndSync(new byte[] {7});
      assertThat(replayAll(log)).containsExactly(new Entry(1, new byte[0]), new Entry(2, new byte[] {7}));
    }
  }

  @Test
  void closeStoresPendingAppendsAndLaterAppendsFail() throws IOException {
    List<CompletableFuture<Long>> pending = new ArrayList<>();
    ObjectWriteAheadLog log = open(options().withMaxGroupDelay(Duration.ofMillis(200)));
    for (int i = 0; i < 10; i++) {
      pending.add(log.append(record(i, 100)));
    }
    log.close();
    log.close();
    assertThat(pending).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    assertThatThrownBy(() -> log.append(new byte[1]).join()).hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> replayAll(log)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> log.truncateBefore(1)).isInstanceOf(IllegalStateException.class);
    try (ObjectWriteAheadLog reopened = open()) {
      assertThat(replayAll(reopened)).hasSize(10);
    }
  }

  @Test
  void callingTruncateOrCloseFromAReplayConsumerFailsInsteadOfDeadlocking() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      log.appendAndSync(new byte[1]);
      assertThatThrownBy(() -> log.replay(0, (lsn, record) -> log.truncateBefore(lsn)))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> log.replay(0, (lsn, record) -> log.close())).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void truncateBeforeDeletesOnlyBatchesWhoseRecordsAreAllBelowTheLsn() throws IOException {
    try (ObjectWriteAheadLog log = open(options().withMaxBatchRecords(10))) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        futures.add(log.append(record(i, 300)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
      List<BatchKey> before = batchKeys();
      BatchKey fourth = before.get(3);
      long cut = fourth.firstLsn() + 1; // inside the fourth batch
      long bytesBefore = log.bytesOnDisk();
      log.truncateBefore(cut);
      assertThat(batchKeys()).containsExactlyElementsOf(before.subList(3, before.size()));
      assertThat(log.firstLsn()).isEqualTo(fourth.firstLsn());
      assertThat(log.bytesOnDisk()).isLessThan(bytesBefore);
      assertThat(replayFrom(log, cut)).extracting(Entry::lsn).containsExactlyElementsOf(range(cut, 100));
      // records before the cut that share a batch with later ones stay
      assertThat(replayAll(log).getFirst().lsn()).isEqualTo(fourth.firstLsn());
    }
    try (ObjectWriteAheadLog log = open()) {
      assertThat(log.firstLsn()).isEqualTo(batchKeys().getFirst().firstLsn());
      assertThat(replayAll(log).getFirst().lsn()).isEqualTo(log.firstLsn());
      assertThat(replayAll(log).getLast().lsn()).isEqualTo(100);
      assertThat(log.nextLsn()).isEqualTo(101);
    }
  }

  @Test
  void truncateBeforeKeepsTheNewestBatchSoLsnsContinueAfterReopen() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      for (int i = 0; i < 30; i++) {
        log.appendAndSync(record(i, 300));
      }
      log.truncateBefore(Long.MAX_VALUE);
      assertThat(batchKeys()).extracting(BatchKey::firstLsn).containsExactly(30L);
      assertThat(replayAll(log)).extracting(Entry::lsn).containsExactly(30L);
      assertThat(log.firstLsn()).isEqualTo(30);
      assertThat(log.nextLsn()).isEqualTo(31);
      log.truncateBefore(Long.MAX_VALUE); // nothing left to delete
    }
    try (ObjectWriteAheadLog log = open()) {
      assertThat(log.nextLsn()).isEqualTo(31);
      assertThat(log.firstLsn()).isEqualTo(30);
      assertThat(log.appendAndSync(record(31, 300))).isEqualTo(31);
      assertThat(replayAll(log)).extracting(Entry::lsn).containsExactly(30L, 31L);
    }
  }

  @Test
  void truncationWhileAppendingKeepsEveryRecordAtOrAfterTheLsn() throws Exception {
    try (ObjectWriteAheadLog log = open()) {
      CompletableFuture<Void> appender = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 300; i++) {
          log.append(record(i, 200)).join();
        }
      });
      long truncatedTo = 1;
      while (!appender.isDone()) {
        if (log.nextLsn() <= 6) {
          Thread.onSpinWait();
          continue;
        }
        long cut = log.nextLsn() - 5;
        log.truncateBefore(cut);
        truncatedTo = cut;
        List<Entry> tail = replayFrom(log, cut);
        assertThat(tail).isNotEmpty();
        assertThat(tail.getFirst().lsn()).isEqualTo(cut);
        assertThat(tail.getLast().lsn() - cut + 1).isEqualTo(tail.size());
      }
      appender.get();
      assertThat(log.firstLsn()).isLessThanOrEqualTo(truncatedTo);
      assertThat(replayFrom(log, truncatedTo).getLast().lsn()).isEqualTo(300);
    }
    try (ObjectWriteAheadLog log = open()) {
      assertThat(replayAll(log).getLast().lsn()).isEqualTo(300);
      assertThat(log.nextLsn()).isEqualTo(301);
    }
  }

  @Test
  void bytesOnDiskIsTheSizeOfTheBatchObjectsAndStatsCountPuts() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      assertThat(log.bytesOnDisk()).isZero();
      log.appendAndSync(new byte[1000]);
      log.appendAndSync(new byte[10]);
      long batchObjects = 0;
      for (ObjectInfo info : store.list("")) {
        if (HookedObjectStore.isBatch(info.key())) {
          batchObjects += info.size();
        }
      }
      assertThat(log.bytesOnDisk()).isEqualTo(batchObjects)
          .isEqualTo(2L * (ObjectWalFormat.HEADER_BYTES + WalFormat.FRAME_HEADER_BYTES) + 1010);
      WalStats stats = log.stats();
      assertThat(stats.records()).isEqualTo(2);
      assertThat(stats.recordBytes()).isEqualTo(1010);
      assertThat(stats.batches()).isEqualTo(2);
      assertThat(stats.syncs()).isEqualTo(2);
    }
  }

  @Test
  void transformerEncodesTheStoredBytesAndReplayDecodesThem() throws IOException {
    byte[] plain = "a record in plain text".getBytes();
    try (ObjectWriteAheadLog log = open(new XorTransformer(7))) {
      log.appendAndSync(plain);
      assertThat(replayAll(log)).containsExactly(new Entry(1, plain));
    }
    byte[] object = store.get(ObjectWalFormat.batchKey(1, 1, 1));
    assertThat(indexOf(object, plain)).isEqualTo(-1);
    assertThat(indexOf(object, XorTransformer.xor(plain, 7))).isPositive();
    try (ObjectWriteAheadLog log = open(new XorTransformer(7))) {
      assertThat(replayAll(log)).containsExactly(new Entry(1, plain));
    }
    try (ObjectWriteAheadLog log = open()) {
      assertThatThrownBy(() -> replayAll(log)).isInstanceOf(IOException.class)
          .hasMessageContaining("encoded by transformer 7");
    }
  }

  @Test
  void recordsStoredAsAppendedStayReadableAfterATransformerIsConfigured() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      log.appendAndSync(record(1, 100));
    }
    try (ObjectWriteAheadLog log = open(new XorTransformer(7))) {
      log.appendAndSync(record(2, 100));
      assertThat(replayAll(log)).containsExactly(new Entry(1, record(1, 100)), new Entry(2, record(2, 100)));
    }
  }

  // ---- epochs and fencing ----

  @Test
  void aNewerWriterFencesTheOlderOneWhoseLaterAppendsFailAndNeverAppear() throws Exception {
    ObjectWriteAheadLog a = open();
    List<Entry> acknowledged = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      acknowledged.add(new Entry(a.appendAndSync(record(i, 100)), record(i, 100)));
    }
    try (ObjectWriteAheadLog b = open()) {
      assertThat(b.epoch()).isGreaterThan(a.epoch());
      assertThat(b.nextLsn()).isEqualTo(6);
      CompletableFuture<Long> late = a.append(record(100, 100));
      assertThatThrownBy(late::join).hasCauseInstanceOf(WalFencedException.class)
          .hasMessageContaining("fence/" + String.format("%010d", b.epoch()));
      assertThatThrownBy(() -> a.appendAndSync(record(101, 100))).isInstanceOf(WalFencedException.class);
      assertThatThrownBy(() -> a.truncateBefore(Long.MAX_VALUE)).isInstanceOf(WalFencedException.class);
      a.close();
      for (int i = 5; i < 8; i++) {
        acknowledged.add(new Entry(b.appendAndSync(record(i, 100)), record(i, 100)));
      }
      assertThat(acknowledged).extracting(Entry::lsn).containsExactlyElementsOf(range(1, 8));
      assertThat(replayAll(b)).containsExactlyElementsOf(acknowledged);
    }
    try (ObjectWriteAheadLog c = open()) {
      assertThat(replayAll(c)).containsExactlyElementsOf(acknowledged);
      assertThat(c.nextLsn()).isEqualTo(9);
    }
  }

  @Test
  void openingWithAnEpochNotAboveEveryEpochSeenIsRefused() throws IOException {
    try (ObjectWriteAheadLog log = ObjectWriteAheadLog.open(store, 5, options())) {
      log.appendAndSync(new byte[1]);
    }
    assertThatThrownBy(() -> ObjectWriteAheadLog.open(store, 4, options())).isInstanceOf(WalFencedException.class)
        .hasMessageContaining("epoch 5 took it over");
    assertThatThrownBy(() -> ObjectWriteAheadLog.open(store, 5, options())).isInstanceOf(WalFencedException.class)
        .hasMessageContaining("epoch 5").hasMessageContaining("used before");
    try (ObjectWriteAheadLog log = ObjectWriteAheadLog.open(store, 9, options())) {
      assertThat(replayAll(log)).containsExactly(new Entry(1, new byte[1]));
    }
  }

  /**
   * The old writer's PUT lands after the new writer listed the log (a late write): the old writer
   * does not acknowledge it, and the new writer's start marker hides it from every replay.
   */
  @Test
  void aBatchOfTheOldWriterThatLandsAfterTheTakeoverIsNeverReplayed() throws Exception {
    ObjectWriteAheadLog a = open();
    a.appendAndSync(record(1, 100));
    a.appendAndSync(record(2, 100));
    CountDownLatch putStarted = new CountDownLatch(1);
    CountDownLatch takenOver = new CountDownLatch(1);
    store.hooks.beforePut = key -> {
      if (HookedObjectStore.isBatch(key)) {
        putStarted.countDown();
        await(takenOver);
      }
    };
    CompletableFuture<Long> late = a.append(record(3, 100));
    await(putStarted);
    store.hooks.beforePut = HookedObjectStore.Hook.NONE; // for the new writer
    ObjectWriteAheadLog b = open();
    assertThat(b.nextLsn()).isEqualTo(3);
    takenOver.countDown();
    assertThatThrownBy(late::join).hasCauseInstanceOf(WalFencedException.class);
    assertThat(batchKeys()).contains(new BatchKey(a.epoch(), 3, 3)); // it did land
    a.close();
    assertThat(replayAll(b)).containsExactly(new Entry(1, record(1, 100)), new Entry(2, record(2, 100)));
    assertThat(b.appendAndSync(record(4, 100))).isEqualTo(3);
    b.close();
    try (ObjectWriteAheadLog c = open()) {
      assertThat(replayAll(c)).containsExactly(
          new Entry(1, record(1, 100)), new Entry(2, record(2, 100)), new Entry(3, record(4, 100)));
      // truncation removes the shadowed batch with the others below the LSN
      c.appendAndSync(record(5, 100));
      c.truncateBefore(4);
      assertThat(batchKeys()).extracting(BatchKey::firstLsn).containsExactly(4L);
    }
  }

  /**
   * The old writer's batch lands after the new writer's fence but before its listing: the old
   * writer sees the fence and fails the append, the new writer counts the batch (an
   * unacknowledged write may appear), and LSNs stay dense.
   */
  @Test
  void aBatchStoredBeforeTheNewWriterListedIsPartOfItsLogThoughNotAcknowledged() throws Exception {
    ObjectWriteAheadLog a = open();
    a.appendAndSync(record(1, 100));
    List<Throwable> oldWriterFailure = new ArrayList<>();
    long newEpoch = epoch + 1;
    store.hooks.afterPut = key -> {
      if (key.equals(ObjectWalFormat.fenceKey(newEpoch))) {
        store.hooks.afterPut = HookedObjectStore.Hook.NONE;
        try {
          a.appendAndSync(record(2, 100));
        } catch (IOException e) {
          oldWriterFailure.add(e);
        }
      }
    };
    try (ObjectWriteAheadLog b = open()) {
      assertThat(oldWriterFailure).singleElement().isInstanceOf(WalFencedException.class);
      assertThat(b.nextLsn()).isEqualTo(3);
      assertThat(replayAll(b)).containsExactly(new Entry(1, record(1, 100)), new Entry(2, record(2, 100)));
      assertThat(b.appendAndSync(record(3, 100))).isEqualTo(3);
    }
    a.close();
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out waiting for the other writer");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void keysSortInLsnOrderAndParseBack() {
    List<String> keys = List.of(ObjectWalFormat.batchKey(1, 1, 9), ObjectWalFormat.batchKey(1, 10, 99),
        ObjectWalFormat.batchKey(1, 100, 100), ObjectWalFormat.batchKey(2, 101, 1000));
    assertThat(keys).isSortedAccordingTo(io.quiver.storage.object.ObjectKeys.ORDER);
    assertThat(keys.get(1)).isEqualTo("0000000001/00000000000000000010-00000000000000000099.batch");
    Key parsed = ObjectWalFormat.parseKey(keys.get(1));
    assertThat(parsed).isEqualTo(new BatchKey(1, 10, 99));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
