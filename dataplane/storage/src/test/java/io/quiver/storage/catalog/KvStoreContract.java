package io.quiver.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.catalog.KvStore.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link KvStore} contract, run against every implementation by a subclass. */
public abstract class KvStoreContract {

  protected KvStore store;

  /** A new, empty store. */
  protected abstract KvStore newStore() throws IOException;

  @BeforeEach
  void open() throws IOException {
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
  void newStoreIsEmptyAtRevisionZero() throws IOException {
    assertThat(store.revision()).isZero();
    assertThat(store.scan("")).isEmpty();
    assertThat(store.get("x")).isEmpty();
  }

  @Test
  void putIfAbsentSucceedsOnceAndThenFails() throws Exception {
    long rev = store.commit(Txn.builder().expectAbsent("k").put("k", utf8("v1")).build());
    assertThat(rev).isEqualTo(1);
    assertThat(store.get("k")).contains(new Entry("k", utf8("v1"), 1));
    assertThatThrownBy(() -> store.commit(Txn.builder().expectAbsent("k").put("k", utf8("v2")).build()))
        .isInstanceOf(CompareFailedException.class)
        .hasMessageContaining("key k has mod revision 1, expected absent")
        .satisfies(e -> assertThat(((CompareFailedException) e).failed()).containsExactly(new Txn.Compare("k", 0)));
    assertThat(text(store.get("k"))).isEqualTo("v1");
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void compareAndSetOnModRevision() throws Exception {
    long first = store.commit(Txn.builder().put("k", utf8("a")).build());
    long second = store.commit(Txn.builder().expectModRevision("k", first).put("k", utf8("b")).build());
    assertThat(second).isEqualTo(first + 1);
    assertThat(store.get("k").orElseThrow().modRevision()).isEqualTo(second);
    assertThatThrownBy(() -> store.commit(Txn.builder().expectModRevision("k", first).put("k", utf8("stale")).build()))
        .isInstanceOf(CompareFailedException.class)
        .hasMessageContaining("expected " + first);
    assertThatThrownBy(() -> store.commit(Txn.builder().expectModRevision("absent", 3).put("k", utf8("x")).build()))
        .isInstanceOf(CompareFailedException.class)
        .hasMessageContaining("key absent is absent, expected 3");
    assertThat(text(store.get("k"))).isEqualTo("b");
  }

  @Test
  void aFailedCompareAppliesNothing() throws Exception {
    store.commit(Txn.builder().put("a", utf8("1")).put("b", utf8("2")).build());
    Txn txn = Txn.builder().expectAbsent("new").expectAbsent("a").put("new", utf8("x")).delete("b").build();
    assertThatThrownBy(() -> store.commit(txn)).isInstanceOf(CompareFailedException.class);
    assertThat(store.get("new")).isEmpty();
    assertThat(text(store.get("b"))).isEqualTo("2");
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void deleteWithCompareRemovesTheKey() throws Exception {
    long rev = store.commit(Txn.builder().put("k", utf8("v")).put("other", utf8("o")).build());
    long after = store.commit(Txn.builder().expectModRevision("k", rev).delete("k").build());
    assertThat(after).isEqualTo(rev + 1);
    assertThat(store.get("k")).isEmpty();
    assertThat(store.get("other").orElseThrow().modRevision()).isEqualTo(rev);
    long again = store.commit(Txn.builder().expectAbsent("k").put("k", utf8("back")).build());
    assertThat(store.get("k").orElseThrow().modRevision()).isEqualTo(again).isGreaterThan(after);
  }

  @Test
  void aCommitThatChangesNothingKeepsTheRevision() throws Exception {
    store.commit(Txn.builder().put("k", utf8("v")).build());
    assertThat(store.commit(Txn.builder().expectModRevision("k", 1).build())).isEqualTo(1);
    assertThat(store.commit(Txn.builder().delete("absent").build())).isEqualTo(1);
    assertThat(store.revision()).isEqualTo(1);
  }

  @Test
  void everyWriteOfACommitSharesOneRevision() throws Exception {
    store.commit(Txn.builder().put("gone", utf8("x")).build());
    long rev = store.commit(Txn.builder().put("a", utf8("1")).put("b", utf8("2")).delete("gone").build());
    assertThat(rev).isEqualTo(2);
    assertThat(store.scan("")).extracting(Entry::modRevision).containsExactly(2L, 2L);
    assertThat(store.revision()).isEqualTo(2);
  }

  @Test
  void rewritingTheSameValueStillBumpsTheRevision() throws Exception {
    store.commit(Txn.builder().put("k", utf8("v")).build());
    assertThat(store.commit(Txn.builder().put("k", utf8("v")).build())).isEqualTo(2);
    assertThat(store.get("k").orElseThrow().modRevision()).isEqualTo(2);
  }

  @Test
  void scansByPrefixInUtf8ByteOrder() throws Exception {
    List<String> keys = List.of("a", "a/", "a/b", "a/a/z", "a0", "b", "a/\uFFFF", "a/😀", "a/é", "a/Z");
    Txn.Builder txn = Txn.builder();
    for (String k : keys) {
      txn.put(k, utf8(k));
    }
    store.commit(txn.build());
    assertThat(store.scan("a/")).extracting(Entry::key).containsExactly("a/", "a/Z", "a/a/z", "a/b", "a/é", "a/\uFFFF", "a/😀");
    assertThat(store.scan("")).extracting(Entry::key).hasSize(keys.size()).isSortedAccordingTo((x, y) -> Arrays.compareUnsigned(utf8(x), utf8(y)));
    assertThat(store.scan("a/a")).extracting(Entry::key).containsExactly("a/a/z");
    assertThat(store.scan("c")).isEmpty();
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
  void rejectsMalformedTransactions() {
    assertThatThrownBy(() -> Txn.builder().put("k", utf8("1")).put("k", utf8("2")).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Txn.builder().put("k", utf8("1")).delete("k").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Txn.builder().put("", utf8("1"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Txn.builder().expectModRevision("k", -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentCompareAndSetIncrementsLoseNoUpdate() throws Exception {
    int threads = 4;
    int increments = 25;
    store.commit(Txn.builder().put("counter", utf8("0")).build());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          int conflicts = 0;
          for (int i = 0; i < increments; i++) {
            while (true) {
              Entry e = store.get("counter").orElseThrow();
              int next = Integer.parseInt(new String(e.value(), StandardCharsets.UTF_8)) + 1;
              try {
                store.commit(Txn.builder().expectModRevision("counter", e.modRevision()).put("counter", utf8(Integer.toString(next)))
                    .build());
                break;
              } catch (CompareFailedException retry) {
                conflicts++;
              }
            }
          }
          return conflicts;
        }));
      }
      for (Future<Integer> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(text(store.get("counter"))).isEqualTo(Integer.toString(threads * increments));
    assertThat(store.revision()).isEqualTo(1 + threads * increments);
  }

  @Test
  void aClosedStoreRefusesCalls() {
    store.close();
    store.close();
    assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.commit(Txn.builder().put("k", utf8("v")).build())).isInstanceOf(IllegalStateException.class);
  }
}
