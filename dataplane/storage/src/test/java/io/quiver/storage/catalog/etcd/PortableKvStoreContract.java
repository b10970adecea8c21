package io.quiver.storage.catalog.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.catalog.CompareFailedException;
import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.KvStore.Entry;
import io.quiver.storage.catalog.Txn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link KvStore} contract in the form every implementation must pass, etcd included: a new
 * store has no keys but may start at any revision, and revisions are only required to increase
 * (etcd shares one revision among all its keys). Runs against {@code MemoryKvStore} and {@code
 * LocalKvStore} (the reference semantics) and {@link EtcdKvStore}; a subclass provides the store.
 * Only one test writes to a store at a time, so "nothing changed" is checked as "the revision did
 * not move".
 */
public abstract class PortableKvStoreContract {

  protected KvStore store;

  /** A new store with no keys, of which {@link #scanManyKeysAcrossPages} needs more than one page. */
  protected abstract KvStore newStore() throws IOException;

  @BeforeEach
  void openStore() throws IOException {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static String text(Optional<Entry> e) {
    return e.map(x -> new String(x.value(), StandardCharsets.UTF_8)).orElse(null);
  }

  @Test
  void aNewStoreHasNoKeys() throws IOException {
    assertThat(store.revision()).isNotNegative();
    assertThat(store.scan("")).isEmpty();
    assertThat(store.get("x")).isEmpty();
  }

  @Test
  void putIfAbsentSucceedsOnceAndThenFails() throws Exception {
    long base = store.revision();
    long rev = store.commit(Txn.builder().expectAbsent("k").put("k", utf8("v1")).build());
    assertThat(rev).isGreaterThan(base);
    assertThat(store.get("k")).contains(new Entry("k", utf8("v1"), rev));
    assertThatThrownBy(() -> store.commit(Txn.builder().expectAbsent("k").put("k", utf8("v2")).build()))
        .isInstanceOf(CompareFailedException.class)
        .hasMessageContaining("key k has mod revision " + rev + ", expected absent")
        .satisfies(e -> assertThat(((CompareFailedException) e).failed()).containsExactly(new Txn.Compare("k", 0)));
    assertThat(text(store.get("k"))).isEqualTo("v1");
    assertThat(store.revision()).isEqualTo(rev);
  }

  @Test
  void compareAndSetOnModRevision() throws Exception {
    long first = store.commit(Txn.builder().put("k", utf8("a")).build());
    long second = store.commit(Txn.builder().expectModRevision("k", first).put("k", utf8("b")).build());
    assertThat(second).isGreaterThan(first);
    assertThat(store.get("k").orElseThrow().modRevision()).isEqualTo(second);
    assertThatThrownBy(() -> store.commit(Txn.builder().expectModRevision("k", first).put("k", utf8("stale")).build()))
        .isInstanceOf(CompareFailedException.class)
        .hasMessageContaining("key k has mod revision " + second + ", expected " + first);
    assertThatThrownBy(() -> store.commit(Txn.builder().expectModRevision("absent", 3).put("k", utf8("x")).build()))
        .isInstanceOf(CompareFailedException.class)
        .hasMessageContaining("key absent is absent, expected 3");
    assertThat(text(store.get("k"))).isEqualTo("b");
  }

  @Test
  void aFailedCompareAppliesNothingOfAMultiKeyTransaction() throws Exception {
    long rev = store.commit(Txn.builder().put("a", utf8("1")).put("b", utf8("2")).build());
    Txn txn = Txn.builder().expectAbsent("new").expectAbsent("a").expectModRevision("b", rev)
        .put("new", utf8("x")).put("c", utf8("3")).delete("b").build();
    assertThatThrownBy(() -> store.commit(txn))
        .isInstanceOf(CompareFailedException.class)
        .hasMessage("transaction compare failed: key a has mod revision " + rev + ", expected absent")
        .satisfies(e -> assertThat(((CompareFailedException) e).failed()).containsExactly(new Txn.Compare("a", 0)));
    assertThat(store.get("new")).isEmpty();
    assertThat(store.get("c")).isEmpty();
    assertThat(text(store.get("b"))).isEqualTo("2");
    assertThat(store.revision()).isEqualTo(rev);
  }

  @Test
  void aFailedTransactionListsEveryCompareThatDidNotHold() throws Exception {
    long rev = store.commit(Txn.builder().put("a", utf8("1")).build());
    Txn txn = Txn.builder().expectModRevision("a", rev + 100).expectAbsent("b").expectModRevision("c", 7).put("d", utf8("x")).build();
    assertThatThrownBy(() -> store.commit(txn))
        .isInstanceOf(CompareFailedException.class)
        .hasMessage("transaction compare failed: key a has mod revision " + rev + ", expected " + (rev + 100)
            + "; key c is absent, expected 7")
        .satisfies(e -> assertThat(((CompareFailedException) e).failed())
            .containsExactly(new Txn.Compare("a", rev + 100), new Txn.Compare("c", 7)));
  }

  @Test
  void deleteWithCompareRemovesTheKey() throws Exception {
    long rev = store.commit(Txn.builder().put("k", utf8("v")).put("other", utf8("o")).build());
    long after = store.commit(Txn.builder().expectModRevision("k", rev).delete("k").build());
    assertThat(after).isGreaterThan(rev);
    assertThat(store.get("k")).isEmpty();
    assertThat(store.get("other").orElseThrow().modRevision()).isEqualTo(rev);
    long again = store.commit(Txn.builder().expectAbsent("k").put("k", utf8("back")).build());
    assertThat(store.get("k").orElseThrow().modRevision()).isEqualTo(again).isGreaterThan(after);
  }

  @Test
  void aCommitThatChangesNothingKeepsTheRevision() throws Exception {
    long rev = store.commit(Txn.builder().put("k", utf8("v")).build());
    assertThat(store.commit(Txn.builder().expectModRevision("k", rev).build())).isEqualTo(rev);
    assertThat(store.commit(Txn.builder().delete("absent").build())).isEqualTo(rev);
    assertThat(store.commit(Txn.builder().build())).isEqualTo(rev);
    assertThat(store.revision()).isEqualTo(rev);
  }

  @Test
  void everyWriteOfACommitSharesOneRevision() throws Exception {
    long before = store.commit(Txn.builder().put("gone", utf8("x")).build());
    long rev = store.commit(Txn.builder().put("a", utf8("1")).put("b", utf8("2")).delete("gone").build());
    assertThat(rev).isGreaterThan(before);
    assertThat(store.scan("")).extracting(Entry::modRevision).containsExactly(rev, rev);
    assertThat(store.revision()).isEqualTo(rev);
  }

  @Test
  void rewritingTheSameValueStillBumpsTheRevision() throws Exception {
    long first = store.commit(Txn.builder().put("k", utf8("v")).build());
    long second = store.commit(Txn.builder().put("k", utf8("v")).build());
    assertThat(second).isGreaterThan(first);
    assertThat(store.get("k").orElseThrow().modRevision()).isEqualTo(second);
  }

  @Test
  void scansByPrefixInUtf8ByteOrder() throws Exception {
    List<String> keys = List.of("a", "a/", "a/b", "a/a/z", "a0", "b", "a/\uFFFF", "a/😀", "a/é", "a/Z", "a.", "a/\u0000");
    Txn.Builder txn = Txn.builder();
    for (String k : keys) {
      txn.put(k, utf8(k));
    }
    store.commit(txn.build());
    assertThat(store.scan("a/")).extracting(Entry::key)
        .containsExactly("a/", "a/\u0000", "a/Z", "a/a/z", "a/b", "a/é", "a/\uFFFF", "a/😀");
    assertThat(store.scan("")).extracting(Entry::key).hasSize(keys.size())
        .isSortedAccordingTo((x, y) -> Arrays.compareUnsigned(utf8(x), utf8(y)))
        .isSortedAccordingTo(KvStore.KEY_ORDER);
    assertThat(store.scan("a/a")).extracting(Entry::key).containsExactly("a/a/z");
    assertThat(store.scan("a/😀")).extracting(Entry::key).containsExactly("a/😀");
    assertThat(store.scan("c")).isEmpty();
  }

  @Test
  void scanManyKeysAcrossPages() throws Exception {
    List<String> inside = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      inside.add(String.format("m/%04d", i));
    }
    inside.add("m/");
    for (int from = 0; from < inside.size(); from += 100) {
      Txn.Builder txn = Txn.builder();
      for (String k : inside.subList(from, Math.min(inside.size(), from + 100))) {
        txn.put(k, utf8(k));
      }
      store.commit(txn.build());
    }
    // neighbours on both sides of the prefix
    store.commit(Txn.builder().put("m", utf8("m")).put("m.", utf8("m.")).put("m0", utf8("m0")).put("l/z", utf8("l")).build());
    List<Entry> scanned = store.scan("m/");
    assertThat(scanned).extracting(Entry::key).containsExactlyElementsOf(inside.stream().sorted(KvStore.KEY_ORDER).toList());
    assertThat(scanned).allSatisfy(e -> assertThat(new String(e.value(), StandardCharsets.UTF_8)).isEqualTo(e.key()));
    assertThat(store.scan("")).hasSize(inside.size() + 4);
  }

  @Test
  void aScanIsOneSnapshotWhileAWriterMovesValuesBetweenKeys() throws Exception {
    int keys = 40;
    Txn.Builder init = Txn.builder();
    for (int i = 0; i < keys; i++) {
      init.put(String.format("acct/%02d", i), utf8("100"));
    }
    store.commit(init.build());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger transfers = new AtomicInteger();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> moving = writer.submit(() -> {
        for (int i = 0; !stop.get(); i++) {
          String from = String.format("acct/%02d", i % keys);
          String to = String.format("acct/%02d", (i * 7 + 3) % keys);
          if (from.equals(to)) {
            continue;
          }
          Entry a = store.get(from).orElseThrow();
          Entry b = store.get(to).orElseThrow();
          int amount = 1 + i % 5;
          store.commit(Txn.builder().expectModRevision(from, a.modRevision()).expectModRevision(to, b.modRevision())
              .put(from, utf8(Integer.toString(number(a) - amount))).put(to, utf8(Integer.toString(number(b) + amount))).build());
          transfers.incrementAndGet();
        }
        return null;
      });
      // scan while the writer runs: at least 30 scans, and until it has made 30 transfers
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (int scan = 0; scan < 30 || transfers.get() < 30 && System.nanoTime() - giveUp < 0; scan++) {
        List<Entry> snapshot = store.scan("acct/");
        assertThat(snapshot).hasSize(keys);
        assertThat(snapshot.stream().mapToInt(PortableKvStoreContract::number).sum()).isEqualTo(100 * keys);
      }
      stop.set(true);
      moving.get();
      assertThat(transfers.get()).isGreaterThanOrEqualTo(30);
    } finally {
      stop.set(true);
      writer.shutdownNow();
    }
  }

  private static int number(Entry e) {
    return Integer.parseInt(new String(e.value(), StandardCharsets.UTF_8));
  }

  @Test
  void valuesAreCopiedInAndOut() throws Exception {
    byte[] value = utf8("original");
    store.commit(Txn.builder().put("k", value).put("empty", new byte[0]).build());
    value[0] = 'X';
    byte[] read = store.get("k").orElseThrow().value();
    read[1] = 'Y';
    assertThat(text(store.get("k"))).isEqualTo("original");
    assertThat(store.get("empty").orElseThrow().value()).isEmpty();
  }

  @Test
  void revisionNeverDecreasesAndCoversEveryCommit() throws Exception {
    long last = store.revision();
    for (int i = 0; i < 20; i++) {
      long rev = store.commit(Txn.builder().put("k" + (i % 3), utf8(Integer.toString(i))).build());
      assertThat(rev).isGreaterThan(last);
      long now = store.revision();
      assertThat(now).isGreaterThanOrEqualTo(rev);
      for (Entry e : store.scan("")) {
        assertThat(e.modRevision()).isLessThanOrEqualTo(now);
      }
      last = now;
    }
  }

  @Test
  void concurrentCompareAndSetIncrementsLoseNoUpdate() throws Exception {
    int threads = 4;
    int increments = 25;
    store.commit(Txn.builder().put("counter", utf8("0")).build());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Long> revisions = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < increments; i++) {
            while (true) {
              Entry e = store.get("counter").orElseThrow();
              int next = number(e) + 1;
              try {
                revisions.add(store.commit(Txn.builder().expectModRevision("counter", e.modRevision())
                    .put("counter", utf8(Integer.toString(next))).build()));
                break;
              } catch (CompareFailedException retry) {
                // another thread won: read again
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(text(store.get("counter"))).isEqualTo(Integer.toString(threads * increments));
    Set<Long> distinct = new HashSet<>(revisions);
    assertThat(distinct).hasSize(threads * increments);
  }

  @Test
  void aClosedStoreRefusesCalls() {
    store.close();
    store.close();
    assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.scan("")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.commit(Txn.builder().put("k", utf8("v")).build())).isInstanceOf(IllegalStateException.class);
  }
}
