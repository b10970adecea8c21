package io.quiver.storage.wal;

import static io.quiver.storage.wal.WalTestSupport.record;
import static io.quiver.storage.wal.WalTestSupport.replayAll;
import static io.quiver.storage.wal.WalTestSupport.replayFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.object.LocalObjectStore;
import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.ObjectStoreException;
import io.quiver.storage.wal.ObjectWalFormat.BatchKey;
import io.quiver.storage.wal.WalTestSupport.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on a local directory, and what needs injected faults: failed and ambiguous
 * writes, damaged and missing batch objects, interrupted truncation.
 */
class ObjectWriteAheadLogTest extends ObjectWalContract {

  @TempDir Path dir;

  private LocalObjectStore local;

  @Override
  protected ObjectStore newStore() throws IOException {
    local = new LocalObjectStore(dir, false);
    return local.scoped("wal/c1/s0");
  }

  @Override
  protected void closeUnderlyingStore() {
    local.close();
  }

  private static ObjectStoreException unreachable(String key) {
    return new ObjectStoreException("PUT " + key + ": injected: S3 unreachable", true);
  }

  /** Whether {@code e} or one of its causes is a retryable store failure. */
  private static boolean causedByRetryableStoreFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ObjectStoreException s && s.retryable()) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aFailedPutFailsTheBatchAndEveryQueuedAppendRetryablyAndTheLogRefusesAppendsUntilReopened()
      throws Exception {
    List<Entry> acknowledged = new ArrayList<>();
    ObjectWriteAheadLog log = open();
    for (int i = 0; i < 3; i++) {
      acknowledged.add(new Entry(log.appendAndSync(record(i, 100)), record(i, 100)));
    }
    store.hooks.beforePut = key -> {
      if (HookedObjectStore.isBatch(key)) {
        throw unreachable(key);
      }
    };
    List<CompletableFuture<Long>> failing = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      failing.add(log.append(record(100 + i, 100)));
    }
    for (CompletableFuture<Long> future : failing) {
      assertThatThrownBy(future::join).hasCauseInstanceOf(WalFailedException.class)
          .satisfies(e -> assertThat(causedByRetryableStoreFailure(e)).as("retryable cause").isTrue());
    }
    store.hooks.beforePut = HookedObjectStore.Hook.NONE;
    assertThatThrownBy(() -> log.appendAndSync(record(200, 100))).isInstanceOf(WalFailedException.class)
        .hasMessageContaining("reopen")
        .satisfies(e -> assertThat(causedByRetryableStoreFailure(e)).isTrue());
    log.close();
    try (ObjectWriteAheadLog reopened = open()) {
      assertThat(replayAll(reopened)).containsExactlyElementsOf(acknowledged);
      assertThat(reopened.nextLsn()).isEqualTo(4);
      assertThat(reopened.appendAndSync(record(3, 100))).isEqualTo(4);
    }
  }

  /** A PUT that stored the batch but reported failure (a timeout after the upload): unknown outcome. */
  @Test
  void aBatchWhosePutFailedAfterStoringItMayAppearAfterReopen() throws Exception {
    ObjectWriteAheadLog log = open();
    log.appendAndSync(record(1, 100));
    store.hooks.afterPut = key -> {
      if (HookedObjectStore.isBatch(key)) {
        throw new ObjectStoreException("PUT " + key + ": injected: timed out waiting for the response", true);
      }
    };
    assertThatThrownBy(() -> log.appendAndSync(record(2, 100))).isInstanceOf(WalFailedException.class);
    store.hooks.afterPut = HookedObjectStore.Hook.NONE;
    log.close();
    try (ObjectWriteAheadLog reopened = open()) {
      assertThat(replayAll(reopened)).containsExactly(new Entry(1, record(1, 100)), new Entry(2, record(2, 100)));
      assertThat(reopened.nextLsn()).isEqualTo(3);
    }
  }

  @Test
  void aFailedFenceCheckFailsTheBatchRetryably() throws Exception {
    ObjectWriteAheadLog log = open();
    store.hooks.beforeList = prefix -> {
      throw new ObjectStoreException("LIST " + prefix + ": injected: S3 unreachable", true);
    };
    assertThatThrownBy(() -> log.appendAndSync(record(1, 100))).isInstanceOf(WalFailedException.class)
        .satisfies(e -> assertThat(causedByRetryableStoreFailure(e)).isTrue());
    store.hooks.beforeList = HookedObjectStore.Hook.NONE;
    log.close();
    try (ObjectWriteAheadLog reopened = open()) {
      // stored but not acknowledged: it may appear, and here it does
      assertThat(replayAll(reopened)).containsExactly(new Entry(1, record(1, 100)));
    }
  }

  @Test
  void theFenceCheckOfOneBatchOverlapsThePutsOfTheNextOnesAndOneCheckCoversThemAll() throws Exception {
    try (ObjectWriteAheadLog log = open(options().withMaxBatchRecords(1))) {
      CountDownLatch firstCheckStarted = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger checks = new AtomicInteger();
      store.hooks.beforeList = prefix -> {
        if (prefix.equals(ObjectWalFormat.FENCE_PREFIX) && checks.incrementAndGet() == 1) {
          firstCheckStarted.countDown();
          await(release);
        }
      };
      CompletableFuture<Long> first = log.append(record(1, 10));
      await(firstCheckStarted);
      List<CompletableFuture<Long>> more = new ArrayList<>();
      for (int i = 2; i <= 6; i++) {
        more.add(log.append(record(i, 10)));
      }
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (batchKeys().size() < 6 && System.nanoTime() < giveUp) {
        Thread.sleep(5);
      }
      assertThat(batchKeys()).hasSize(6); // stored while the first check hangs
      assertThat(first).isNotDone();
      assertThat(more).allSatisfy(f -> assertThat(f).isNotDone());
      release.countDown();
      assertThat(first.get()).isEqualTo(1);
      for (int i = 0; i < more.size(); i++) {
        assertThat(more.get(i).get()).isEqualTo(i + 2L);
      }
      assertThat(checks.get()).isEqualTo(2);
      assertThat(log.stats().batches()).isEqualTo(6);
    }
  }

  @Test
  void aFailedReadDuringReplayFailsItNamingTheObjectAfterTheRecordsBefore() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      for (int i = 1; i <= 4; i++) {
        log.appendAndSync(record(i, 100));
      }
      String unreadable = ObjectWalFormat.batchKey(log.epoch(), 3, 3);
      store.hooks.beforeGet = key -> {
        if (key.equals(unreadable)) {
          throw new ObjectStoreException("GET " + key + ": injected: S3 unreachable", true);
        }
      };
      List<Long> seen = new ArrayList<>();
      assertThatThrownBy(() -> log.replay(0, (lsn, record) -> seen.add(lsn)))
          .isInstanceOf(ObjectStoreException.class).hasMessageContaining(unreadable)
          .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isTrue());
      assertThat(seen).containsExactly(1L, 2L);
      store.hooks.beforeGet = HookedObjectStore.Hook.NONE;
      assertThat(replayAll(log)).extracting(Entry::lsn).containsExactly(1L, 2L, 3L, 4L);
    }
  }

  @Test
  void aDamagedNewestBatchIsTreatedAsNeverWrittenAndDeleted() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      log.appendAndSync(record(1, 100));
      log.appendAndSync(record(2, 100));
    }
    String newest = ObjectWalFormat.batchKey(1, 2, 2);
    byte[] object = store.get(newest);
    store.put(newest, Arrays.copyOf(object, object.length - 10)); // as if cut short
    try (ObjectWriteAheadLog log = open()) {
      assertThat(log.nextLsn()).isEqualTo(2);
      assertThat(replayAll(log)).containsExactly(new Entry(1, record(1, 100)));
      assertThat(store.stat(newest)).isEmpty();
      assertThat(log.appendAndSync(record(3, 100))).isEqualTo(2);
    }
  }

  @Test
  void aDamagedOlderBatchFailsReplayNamingItsKey() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      for (int i = 1; i <= 3; i++) {
        log.appendAndSync(record(i, 100));
      }
    }
    String damaged = ObjectWalFormat.batchKey(1, 2, 2);
    byte[] object = store.get(damaged);
    object[object.length - 1] ^= 1; // a flipped bit in the record
    store.put(damaged, object);
    try (ObjectWriteAheadLog log = open()) {
      assertThat(log.nextLsn()).isEqualTo(4);
      List<Long> seen = new ArrayList<>();
      assertThatThrownBy(() -> log.replay(0, (lsn, record) -> seen.add(lsn)))
          .isInstanceOf(WalCorruptionException.class)
          .hasMessageContaining(damaged)
          .hasMessageContaining("record CRC mismatch")
          .satisfies(e -> assertThat(((WalCorruptionException) e).file()).isEqualTo(Path.of(damaged)));
      assertThat(seen).containsExactly(1L); // records before the damage were handed over
      assertThat(replayFrom(log, 3)).containsExactly(new Entry(3, record(3, 100)));
    }
  }

  @Test
  void aBatchWhoseHeaderDisagreesWithItsKeyIsDamage() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      log.appendAndSync(record(1, 100));
      log.appendAndSync(record(2, 100));
    }
    // a copy of batch 2 under the key of batch 1
    store.put(ObjectWalFormat.batchKey(1, 1, 1), store.get(ObjectWalFormat.batchKey(1, 2, 2)));
    try (ObjectWriteAheadLog log = open()) {
      assertThatThrownBy(() -> replayAll(log)).isInstanceOf(WalCorruptionException.class)
          .hasMessageContaining(ObjectWalFormat.batchKey(1, 1, 1)).hasMessageContaining("unlike the object's key");
    }
  }

  @Test
  void aMissingBatchInTheMiddleFailsTheOpenNamingTheGap() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      for (int i = 1; i <= 3; i++) {
        log.appendAndSync(record(i, 100));
      }
    }
    store.delete(ObjectWalFormat.batchKey(1, 2, 2));
    assertThatThrownBy(this::open).isInstanceOf(WalCorruptionException.class)
        .hasMessageContaining(ObjectWalFormat.batchKey(1, 3, 3))
        .hasMessageContaining("records 2 to 2 are missing");
  }

  @Test
  void anInterruptedTruncationLeavesNoGapAboveTheFloor() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      for (int i = 1; i <= 6; i++) {
        log.appendAndSync(record(i, 100));
      }
      // the floor marker is written, then the batch delete fails
      store.hooks.beforeDelete = key -> {
        throw new ObjectStoreException("DELETE " + key + ": injected", true);
      };
      assertThatThrownBy(() -> log.truncateBefore(4)).isInstanceOf(ObjectStoreException.class);
      store.hooks.beforeDelete = HookedObjectStore.Hook.NONE;
    }
    store.delete(ObjectWalFormat.batchKey(1, 3, 3)); // what a partial batch delete may leave: a hole below the floor
    try (ObjectWriteAheadLog log = open()) {
      assertThat(log.firstLsn()).isEqualTo(4);
      assertThat(replayAll(log)).extracting(Entry::lsn).containsExactly(4L, 5L, 6L);
      log.truncateBefore(5);
      assertThat(batchKeys()).extracting(BatchKey::firstLsn).containsExactly(5L, 6L);
      assertThat(store.list(ObjectWalFormat.FLOOR_PREFIX)).singleElement()
          .satisfies(info -> assertThat(info.key()).isEqualTo(ObjectWalFormat.floorKey(5)));
    }
  }

  @Test
  void anOpenThatFailedAfterItsFenceBurnsTheEpochButLosesNothing() throws IOException {
    try (ObjectWriteAheadLog log = open()) {
      log.appendAndSync(record(1, 100));
    }
    store.hooks.beforePut = key -> {
      if (key.endsWith(".start")) {
        throw new ObjectStoreException("PUT " + key + ": injected", true);
      }
    };
    assertThatThrownBy(() -> ObjectWriteAheadLog.open(store, 2, options())).isInstanceOf(ObjectStoreException.class);
    store.hooks.beforePut = HookedObjectStore.Hook.NONE;
    assertThatThrownBy(() -> ObjectWriteAheadLog.open(store, 2, options())).isInstanceOf(WalFencedException.class);
    try (ObjectWriteAheadLog log = ObjectWriteAheadLog.open(store, 3, options())) {
      assertThat(replayAll(log)).containsExactly(new Entry(1, record(1, 100)));
      assertThat(log.appendAndSync(record(2, 100))).isEqualTo(2);
    }
  }

  @Test
  void ignoresObjectsThatAreNotPartOfTheLayout() throws IOException {
    store.put("notes.txt", new byte[] {1});
    try (ObjectWriteAheadLog log = open()) {
      log.appendAndSync(new byte[3]);
      assertThat(replayAll(log)).hasSize(1);
    }
    assertThat(store.stat("notes.txt")).isPresent();
  }

  @Test
  void rejectsBadEpochsAndATransformerThatClaimsTheIdentityId() {
    assertThatThrownBy(() -> ObjectWriteAheadLog.open(store, 0, options()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch");
    assertThatThrownBy(() -> ObjectWriteAheadLog.open(store, 10_000_000_000L, options()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch");
    assertThatThrownBy(() -> ObjectWriteAheadLog.open(store, 1, options(), new FileWriteAheadLogTest.XorTransformer(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id 0");
  }
}
