package io.quiver.storage.catalog.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quiver.storage.catalog.CompareFailedException;
import io.quiver.storage.catalog.KvStore.Entry;
import io.quiver.storage.catalog.Txn;
import io.quiver.testkit.etcd.EtcdExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** etcd stopped and started under an {@link EtcdKvStore}: bounded failures, recovery, no double application. */
class EtcdOutageIT {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdOutageIT.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
  /** Generous bound on "fails within the deadline": the deadline plus scheduling noise on a shared machine. */
  private static final Duration FAILS_WITHIN = CALL_TIMEOUT.plusSeconds(6);

  @RegisterExtension
  static final EtcdExtension etcd = EtcdExtension.singleNode();

  private static EtcdKvStore newStore() {
    return EtcdKvStore.open(EtcdConfig.of(etcd.endpoints(), TestStores.newRoot("outage")).withCallTimeout(CALL_TIMEOUT));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void callsFailWithinTheDeadlineWhileEtcdIsDownAndTheSameStoreWorksAfterItReturns() throws Exception {
    try (EtcdKvStore store = newStore()) {
      long rev = store.commit(Txn.builder().put("before", utf8("1")).build());

      etcd.stop();

      assertUnavailableWithinDeadline(() -> store.get("before"));
      assertUnavailableWithinDeadline(() -> store.scan(""));
      assertUnavailableWithinDeadline(store::revision);
      assertUnavailableWithinDeadline(() -> store.commit(Txn.builder().put("during", utf8("x")).build()));
      assertUnavailableWithinDeadline(() -> store.grant(Duration.ofSeconds(5)));

      etcd.start();
      long back = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(CatalogUnavailableException.class)
          .until(() -> store.get("before").isPresent());
      LOG.info("the store answered again {} ms after etcd was ready", (System.nanoTime() - back) / 1_000_000);

      assertThat(store.get("before")).contains(new Entry("before", utf8("1"), rev));
      assertThat(store.get("during")).isEmpty();
      long after = store.commit(Txn.builder().expectAbsent("after").put("after", utf8("2")).build());
      assertThat(after).isGreaterThan(rev);
      assertThat(store.scan("")).extracting(Entry::key).containsExactly("after", "before");
    }
  }

  @Test
  void aStoreOpenedWhileEtcdIsDownWorksOnceEtcdIsUp() throws Exception {
    etcd.stop();
    try (EtcdKvStore store = newStore()) {
      assertUnavailableWithinDeadline(() -> store.get("k"));
      etcd.start();
      await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(CatalogUnavailableException.class)
          .until(() -> store.get("k").isEmpty());
      store.commit(Txn.builder().expectAbsent("k").put("k", utf8("v")).build());
      assertThat(store.get("k").map(e -> new String(e.value(), UTF_8))).contains("v");
    }
  }

  /**
   * Writers commit without compares while etcd stops and starts, so a transaction applied twice
   * would show as two revisions. Afterwards: every acknowledged commit is there at its revision,
   * every "unavailable" one is absent, "unknown" ones are either, and the store revision moved by
   * exactly the number of transactions present.
   */
  @Test
  void aTransactionInFlightWhenEtcdStopsIsAppliedOnceOrReportedUnknown() throws Exception {
    try (EtcdKvStore store = newStore()) {
      long start = store.revision();
      Map<Integer, Long> acknowledged = new ConcurrentHashMap<>();
      List<Integer> unavailable = Collections.synchronizedList(new ArrayList<>());
      List<Integer> unknown = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger attempts = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writers = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          running.add(writers.submit(() -> {
            while (!stop.get()) {
              int i = attempts.incrementAndGet();
              try {
                acknowledged.put(i, store.commit(Txn.builder().put("attempt/" + i, utf8(Integer.toString(i))).build()));
              } catch (CatalogUnavailableException e) {
                unavailable.add(i);
                Thread.sleep(20);
              } catch (CommitOutcomeUnknownException e) {
                unknown.add(i);
              }
            }
            return null;
          }));
        }
        for (int cycle = 0; cycle < 3; cycle++) {
          int before = acknowledged.size();
          await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > before + 20);
          etcd.stop();
          Thread.sleep(CALL_TIMEOUT.toMillis() + 500); // longer than a commit waits for a connection
          etcd.start();
        }
        int before = acknowledged.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > before + 20);
        stop.set(true);
        for (Future<?> f : running) {
          f.get();
        }
      } finally {
        stop.set(true);
        writers.shutdownNow();
      }
      LOG.info("{} attempts: {} acknowledged, {} unavailable, {} unknown", attempts.get(), acknowledged.size(),
          unavailable.size(), unknown.size());

      List<Entry> present = await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> store.scan("attempt/"), x -> true);
      Map<String, Entry> byKey = new ConcurrentHashMap<>();
      present.forEach(e -> byKey.put(e.key(), e));
      acknowledged.forEach((i, rev) -> assertThat(byKey.get("attempt/" + i)).as("acknowledged attempt %d", i)
          .isEqualTo(new Entry("attempt/" + i, utf8(Integer.toString(i)), rev)));
      for (int i : unavailable) {
        assertThat(byKey).as("attempt %d failed as unavailable, so it must not be applied", i).doesNotContainKey("attempt/" + i);
      }
      long unknownApplied = unknown.stream().filter(i -> byKey.containsKey("attempt/" + i)).count();
      LOG.info("{} of the {} commits of unknown outcome were applied", unknownApplied, unknown.size());
      assertThat(present).hasSize(acknowledged.size() + (int) unknownApplied);
      assertThat(present).extracting(Entry::modRevision).doesNotHaveDuplicates();
      assertThat(store.revision() - start).as("one revision per applied transaction").isEqualTo(present.size());
      assertThat(unavailable).as("commits during the outage fail as unavailable").isNotEmpty();
    }
  }

  @Test
  void aCompareAndSetWhoseOutcomeIsUnknownCanBeResolvedByReadingBack() throws Exception {
    try (EtcdKvStore store = newStore()) {
      long rev = store.commit(Txn.builder().put("owner", utf8("nobody")).build());
      etcd.stop();
      Txn claim = Txn.builder().expectModRevision("owner", rev).put("owner", utf8("me")).build();
      assertThatThrownBy(() -> store.commit(claim)).isInstanceOf(CatalogUnavailableException.class)
          .hasMessageContaining("unavailable");
      etcd.start();
      Optional<Entry> owner = await().atMost(Duration.ofSeconds(30))
          .ignoreExceptionsInstanceOf(CatalogUnavailableException.class).until(() -> store.get("owner"), x -> true);
      assertThat(owner.orElseThrow().modRevision()).as("an unavailable commit was not applied").isEqualTo(rev);
      store.commit(claim);
      assertThatThrownBy(() -> store.commit(claim)).isInstanceOf(CompareFailedException.class);
    }
  }

  private static void assertUnavailableWithinDeadline(ThrowingCallable call) {
    long begin = System.nanoTime();
    assertThatThrownBy(call).isInstanceOf(CatalogUnavailableException.class).hasMessageContaining("unavailable");
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    LOG.info("failed as unavailable in {} ms", took.toMillis());
    assertThat(took).isLessThan(FAILS_WITHIN);
  }
}
