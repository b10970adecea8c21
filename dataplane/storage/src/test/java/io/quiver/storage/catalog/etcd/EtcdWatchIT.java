package io.quiver.storage.catalog.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.Client;
import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.KvStore.Entry;
import io.quiver.storage.catalog.Txn;
import io.quiver.storage.catalog.etcd.CatalogWatch.Event;
import io.quiver.storage.catalog.etcd.CatalogWatch.EventType;
import io.quiver.storage.catalog.etcd.CatalogWatch.Subscription;
import io.quiver.testkit.etcd.EtcdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CatalogWatch} on a real etcd: order, no gaps or repeats across restarts, compaction. */
class EtcdWatchIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final EtcdExtension etcd = EtcdExtension.singleNode();

  private static EtcdKvStore newStore() {
    return TestStores.open(etcd, TestStores.newRoot("watch"));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  private static Event put(String key, String value, long revision) {
    return new Event(EventType.PUT, key, utf8(value), revision);
  }

  private static Event delete(String key, long revision) {
    return new Event(EventType.DELETE, key, new byte[0], revision);
  }

  @Test
  void deliversEveryChangeUnderThePrefixInRevisionOrderFromTheGivenRevision() throws Exception {
    try (EtcdKvStore store = newStore()) {
      long r1 = store.commit(Txn.builder().put("m/a", utf8("1")).build());
      long r2 = store.commit(Txn.builder().put("m/b", utf8("2")).put("m/c", utf8("3")).put("other", utf8("x")).build());
      long r3 = store.commit(Txn.builder().delete("m/a").put("m/b", utf8("22")).build());
      RecordingListener listener = new RecordingListener();
      try (Subscription watch = store.watch("m/", r1, listener)) {
        long r4 = store.commit(Txn.builder().put("m/d", utf8("4")).build());
        store.commit(Txn.builder().put("n/ignored", utf8("5")).build());
        long r6 = store.commit(Txn.builder().delete("m/d").build());
        await().atMost(WAIT).until(() -> listener.lastRevision() == r6);
        assertThat(watch.isActive()).isTrue();
      }
      assertThat(listener.changes()).containsExactly(
          new RecordingListener.Change(r1, List.of(put("m/a", "1", r1))),
          new RecordingListener.Change(r2, List.of(put("m/b", "2", r2), put("m/c", "3", r2))),
          new RecordingListener.Change(r3, List.of(delete("m/a", r3), put("m/b", "22", r3))),
          new RecordingListener.Change(r3 + 1, List.of(put("m/d", "4", r3 + 1))),
          new RecordingListener.Change(r3 + 3, List.of(delete("m/d", r3 + 3))));
    }
  }

  @Test
  void seesEveryChangeInOrderAcrossAnEtcdRestart() throws Exception {
    try (EtcdKvStore store = newStore()) {
      long from = store.revision() + 1;
      RecordingListener listener = new RecordingListener();
      List<Event> expected = new ArrayList<>();
      try (Subscription watch = store.watch("", from, listener)) {
        for (int i = 0; i < 30; i++) {
          expected.addAll(write(store, i));
        }
        etcd.stop();
        etcd.start();
        for (int i = 30; i < 60; i++) {
          int n = i;
          expected.addAll(await().atMost(WAIT).ignoreExceptionsInstanceOf(CatalogUnavailableException.class)
              .until(() -> write(store, n), x -> true));
        }
        long last = expected.getLast().modRevision();
        await().atMost(WAIT).until(() -> listener.lastRevision() >= last);
        assertThat(watch.isActive()).isTrue();
      }
      assertThat(listener.events()).containsExactlyElementsOf(expected);
      assertThat(listener.revisions()).isSorted().doesNotHaveDuplicates();
    }
  }

  /** Puts key {@code k/(i % 7)}, deleting the key {@code k/((i + 3) % 7)} in the same transaction on every third. */
  private static List<Event> write(EtcdKvStore store, int i) throws Exception {
    String key = "k/" + (i % 7);
    Txn.Builder txn = Txn.builder().put(key, utf8(Integer.toString(i)));
    String gone = "k/" + ((i + 3) % 7);
    boolean deletes = i % 3 == 0 && store.get(gone).isPresent();
    if (deletes) {
      txn.delete(gone);
    }
    long rev = store.commit(txn.build());
    List<Event> events = new ArrayList<>();
    if (deletes) {
      events.add(delete(gone, rev));
    }
    events.add(put(key, Integer.toString(i), rev));
    events.sort(Comparator.comparing(Event::key, KvStore.KEY_ORDER));
    return events;
  }

  @Test
  void aSnapshotFollowedByAWatchMissesNothingWhileAWriterRuns() throws Exception {
    try (EtcdKvStore store = newStore(); EtcdKvStore writerStore = newStore(store.config().rootPrefix())) {
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writer = Executors.newSingleThreadExecutor();
      try {
        Future<Long> lastWrite = writer.submit(() -> {
          long rev = 0;
          for (int i = 0; !stop.get() || i < 50; i++) {
            Txn.Builder txn = Txn.builder().put("s/" + (i % 13), utf8(Integer.toString(i)));
            if (i % 5 == 0) {
              txn.delete("s/" + ((i + 6) % 13));
            }
            rev = writerStore.commit(txn.build());
          }
          return rev;
        });
        Thread.sleep(100);
        CatalogWatch.Snapshot snapshot = store.snapshot("s/");
        Map<String, String> view = new TreeMap<>();
        for (Entry e : snapshot.entries()) {
          view.put(e.key(), new String(e.value(), UTF_8));
        }
        RecordingListener listener = new RecordingListener();
        try (Subscription ignored = store.watch("s/", snapshot.revision() + 1, listener)) {
          stop.set(true);
          long last = lastWrite.get(60, TimeUnit.SECONDS);
          await().atMost(WAIT).until(() -> listener.lastRevision() == last);
        }
        for (Event e : listener.events()) {
          if (e.type() == EventType.PUT) {
            view.put(e.key(), new String(e.value(), UTF_8));
          } else {
            view.remove(e.key());
          }
        }
        Map<String, String> actual = new TreeMap<>();
        for (Entry e : store.scan("s/")) {
          actual.put(e.key(), new String(e.value(), UTF_8));
        }
        assertThat(view).isEqualTo(actual);
        assertThat(listener.revisions()).isSorted().doesNotHaveDuplicates().allMatch(r -> r > snapshot.revision());
      } finally {
        stop.set(true);
        writer.shutdownNow();
      }
    }
  }

  private static EtcdKvStore newStore(String root) {
    return TestStores.open(etcd, root);
  }

  @Test
  void endsWithOnCompactedWhenTheHistoryItNeedsIsGone() throws Exception {
    try (EtcdKvStore store = newStore(); Client raw = Client.builder().endpoints(etcd.endpoints().toArray(String[]::new)).build()) {
      long first = store.commit(Txn.builder().put("c/a", utf8("1")).build());
      store.commit(Txn.builder().put("c/a", utf8("2")).build());
      long compactedAt = store.commit(Txn.builder().put("c/a", utf8("3")).build());
      raw.getKVClient().compact(compactedAt).get(30, TimeUnit.SECONDS);
      RecordingListener listener = new RecordingListener();
      Subscription watch = store.watch("c/", first, listener);
      await().atMost(WAIT).until(() -> listener.compactedAt() >= 0);
      assertThat(listener.compactedAt()).isEqualTo(compactedAt);
      assertThat(listener.changes()).isEmpty();
      await().atMost(WAIT).until(() -> !watch.isActive());

      // the remedy: a new snapshot and a watch from its revision
      CatalogWatch.Snapshot snapshot = store.snapshot("c/");
      RecordingListener again = new RecordingListener();
      try (Subscription resumed = store.watch("c/", snapshot.revision() + 1, again)) {
        long next = store.commit(Txn.builder().put("c/a", utf8("4")).build());
        await().atMost(WAIT).until(() -> again.lastRevision() == next);
        assertThat(resumed.isActive()).isTrue();
      }
      assertThat(again.events()).containsExactly(put("c/a", "4", again.lastRevision()));
    }
  }

  @Test
  void aClosedSubscriptionDeliversNothingMore() throws Exception {
    try (EtcdKvStore store = newStore()) {
      RecordingListener listener = new RecordingListener();
      Subscription watch = store.watch("x/", store.revision() + 1, listener);
      long r = store.commit(Txn.builder().put("x/1", utf8("1")).build());
      await().atMost(WAIT).until(() -> listener.lastRevision() == r);
      watch.close();
      watch.close();
      assertThat(watch.isActive()).isFalse();
      store.commit(Txn.builder().put("x/2", utf8("2")).build());
      long marker = store.commit(Txn.builder().put("x/3", utf8("3")).build());
      RecordingListener other = new RecordingListener();
      try (Subscription ignored = store.watch("x/", marker, other)) {
        await().atMost(WAIT).until(() -> other.lastRevision() == marker);
      }
      assertThat(listener.revisions()).containsExactly(r);
    }
  }

  @Test
  void aListenerThatThrowsEndsItsSubscription() throws Exception {
    try (EtcdKvStore store = newStore()) {
      AtomicInteger calls = new AtomicInteger();
      Subscription watch = store.watch("t/", store.revision() + 1, new CatalogWatch.Listener() {
        @Override
        public void onChange(long revision, List<Event> events) {
          calls.incrementAndGet();
          throw new IllegalStateException("listener bug");
        }

        @Override
        public void onCompacted(long compactRevision) {}
      });
      store.commit(Txn.builder().put("t/1", utf8("1")).build());
      await().atMost(WAIT).until(() -> !watch.isActive());
      store.commit(Txn.builder().put("t/2", utf8("2")).build());
      assertThat(calls.get()).isEqualTo(1);
    }
  }

  @Test
  void rejectsAWatchFromRevisionZero() throws Exception {
    try (EtcdKvStore store = newStore()) {
      assertThatThrownBy(() -> store.watch("", 0, new RecordingListener())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("revision 1 or later");
    }
  }
}
