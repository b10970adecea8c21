package io.quiver.storage.catalog.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quiver.storage.catalog.CompareFailedException;
import io.quiver.storage.catalog.Txn;
import io.quiver.storage.catalog.etcd.CatalogWatch.EventType;
import io.quiver.storage.catalog.etcd.CatalogWatch.Subscription;
import io.quiver.storage.catalog.etcd.Leases.Grant;
import io.quiver.storage.catalog.etcd.Leases.KeepAlive;
import io.quiver.testkit.etcd.EtcdExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Leases} on a real etcd: what node membership and coordinator election rely on. */
class EtcdLeaseIT {

  private static final Duration TTL = Duration.ofSeconds(2);
  /** Generous bound for a 2 s lease to expire: etcd checks expiry every 500 ms, the machine is shared. */
  private static final Duration EXPIRES_WITHIN = Duration.ofSeconds(20);

  @RegisterExtension
  static final EtcdExtension etcd = EtcdExtension.singleNode();

  private static String newRoot() {
    return TestStores.newRoot("lease");
  }

  private static EtcdKvStore open(String root) {
    return TestStores.open(etcd, root);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void aKeyAttachedToALeaseIsDeletedWhenTheLeaseExpires() throws Exception {
    try (EtcdKvStore store = open(newRoot())) {
      Grant lease = store.grant(TTL);
      assertThat(lease.ttl()).isGreaterThanOrEqualTo(TTL);
      RecordingListener watcher = new RecordingListener();
      long put = store.putWithLease("members/node-1", utf8("10.0.0.1:19530"), lease.id());
      try (Subscription ignored = store.watch("members/", put, watcher)) {
        await().atMost(EXPIRES_WITHIN).until(() -> store.get("members/node-1").isEmpty());
        await().atMost(EXPIRES_WITHIN).until(() -> watcher.events().size() == 2);
      }
      assertThat(watcher.events()).extracting(CatalogWatch.Event::type).containsExactly(EventType.PUT, EventType.DELETE);
      assertThat(store.timeToLive(lease.id())).isEmpty();
    }
  }

  @Test
  void keepAliveKeepsTheKeyAndClosingItLetsTheKeyExpire() throws Exception {
    try (EtcdKvStore store = open(newRoot())) {
      Grant lease = store.grant(TTL);
      store.putWithLease("members/node-2", utf8("up"), lease.id());
      KeepAlive keepAlive = store.keepAlive(lease, id -> {});
      await().during(TTL.multipliedBy(3)).atMost(TTL.multipliedBy(3).plusSeconds(10))
          .until(() -> store.get("members/node-2").isPresent() && keepAlive.isValid());
      assertThat(store.timeToLive(lease.id())).isPresent();

      keepAlive.close();
      await().atMost(EXPIRES_WITHIN).until(() -> store.get("members/node-2").isEmpty());
    }
  }

  @Test
  void revokingALeaseDeletesItsKeysAtOnce() throws Exception {
    try (EtcdKvStore store = open(newRoot())) {
      Grant lease = store.grant(Duration.ofSeconds(60));
      store.putWithLease("a", utf8("1"), lease.id());
      store.putWithLease("b", utf8("2"), lease.id());
      store.revoke(lease.id());
      assertThat(store.scan("")).isEmpty();
      store.revoke(lease.id()); // already gone: fine
    }
  }

  @Test
  void writingWithAnEndedLeaseFailsWithLeaseNotFoundAndAppliesNothing() throws Exception {
    try (EtcdKvStore store = open(newRoot())) {
      Grant lease = store.grant(TTL);
      store.revoke(lease.id());
      long before = store.revision();
      assertThatThrownBy(() -> store.putWithLease("k", utf8("v"), lease.id()))
          .isInstanceOf(LeaseNotFoundException.class)
          .hasMessageContaining(Long.toHexString(lease.id()));
      assertThat(store.get("k")).isEmpty();
      assertThat(store.revision()).isEqualTo(before);
    }
  }

  @Test
  void onlyOneCandidateWinsALeasedElectionKeyAndTheNextWinsWhenItsLeaseEnds() throws Exception {
    String root = newRoot();
    try (EtcdKvStore first = open(root); EtcdKvStore second = open(root)) {
      Grant a = first.grant(Duration.ofSeconds(30));
      Grant b = second.grant(Duration.ofSeconds(30));
      Txn claimA = Txn.builder().expectAbsent("election/coordinator").put("election/coordinator", utf8("a")).build();
      Txn claimB = Txn.builder().expectAbsent("election/coordinator").put("election/coordinator", utf8("b")).build();
      first.commitWithLease(claimA, a.id());
      assertThatThrownBy(() -> second.commitWithLease(claimB, b.id())).isInstanceOf(CompareFailedException.class);

      RecordingListener watcher = new RecordingListener();
      try (Subscription ignored = second.watch("election/", second.revision() + 1, watcher)) {
        first.revoke(a.id()); // the coordinator steps down, or its lease expires
        await().atMost(EXPIRES_WITHIN).until(() -> !watcher.events().isEmpty());
      }
      assertThat(watcher.events().getFirst().type()).isEqualTo(EventType.DELETE);
      second.commitWithLease(claimB, b.id());
      assertThat(new String(second.get("election/coordinator").orElseThrow().value(), UTF_8)).isEqualTo("b");
    }
  }

  @Test
  void keepAliveTellsItsListenerWhenTheLeaseIsRevokedElsewhere() throws Exception {
    String root = newRoot();
    try (EtcdKvStore holder = open(root); EtcdKvStore other = open(root)) {
      Grant lease = holder.grant(Duration.ofSeconds(3));
      AtomicLong expired = new AtomicLong();
      KeepAlive keepAlive = holder.keepAlive(lease, expired::set);
      await().atMost(EXPIRES_WITHIN).until(keepAlive::isValid);
      other.revoke(lease.id());
      await().atMost(EXPIRES_WITHIN).until(() -> expired.get() == lease.id());
      assertThat(keepAlive.isValid()).isFalse();
    }
  }

  @Test
  void keepAliveHoldsTheLeaseAcrossAnEtcdRestart() throws Exception {
    try (EtcdKvStore store = open(newRoot())) {
      Grant lease = store.grant(Duration.ofSeconds(3));
      store.putWithLease("members/node-3", utf8("up"), lease.id());
      KeepAlive keepAlive = store.keepAlive(lease, id -> {});
      etcd.stop();
      Thread.sleep(1000);
      etcd.start();
      await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> store.get("members/node-3").isPresent());
      await().atMost(EXPIRES_WITHIN).until(keepAlive::isValid);
      keepAlive.close();
    }
  }
}
