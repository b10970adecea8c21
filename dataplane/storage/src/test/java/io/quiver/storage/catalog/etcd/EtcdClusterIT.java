package io.quiver.storage.catalog.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quiver.storage.catalog.CompareFailedException;
import io.quiver.storage.catalog.KvStore.Entry;
import io.quiver.storage.catalog.Txn;
import io.quiver.storage.catalog.etcd.CatalogWatch.Subscription;
import io.quiver.testkit.etcd.EtcdExtension;
import io.quiver.testkit.etcd.EtcdMember;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link EtcdKvStore} over a three-member etcd cluster that loses its leader. */
class EtcdClusterIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final EtcdExtension etcd = EtcdExtension.cluster(3);

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void writesKeepWorkingAfterTheLeaderIsKilled() throws Exception {
    try (EtcdKvStore store = TestStores.open(etcd, TestStores.newRoot("failover-writes"))) {
      long before = store.commit(Txn.builder().put("before", utf8("1")).build());

      EtcdMember killed = etcd.killLeader();
      EtcdMember leader = etcd.awaitLeader(WAIT);
      assertThat(leader).isNotSameAs(killed);

      // The first write may still meet the election or the dead member's connection: a compare on
      // the key makes retrying safe whatever the failure said.
      await().atMost(WAIT).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
        try {
          store.commit(Txn.builder().expectAbsent("first-after").put("first-after", utf8("ok")).build());
        } catch (CompareFailedException alreadyApplied) {
          // an earlier attempt of unknown outcome was applied
        }
        return true;
      });
      List<Long> revisions = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        revisions.add(store.commit(Txn.builder().expectAbsent("after/" + i).put("after/" + i, utf8(Integer.toString(i))).build()));
      }
      assertThat(revisions).isSorted().doesNotHaveDuplicates().allMatch(r -> r > before);
      assertThat(store.get("before")).contains(new Entry("before", utf8("1"), before));
      assertThat(store.scan("after/")).hasSize(20);
    }
  }

  @Test
  void aWatchDeliversEveryChangeAcrossALeaderKill() throws Exception {
    try (EtcdKvStore store = TestStores.open(etcd, TestStores.newRoot("failover-watch"))) {
      RecordingListener listener = new RecordingListener();
      List<Long> written = new ArrayList<>();
      try (Subscription watch = store.watch("", store.revision() + 1, listener)) {
        for (int i = 0; i < 10; i++) {
          written.add(store.commit(Txn.builder().put("k" + i, utf8(Integer.toString(i))).build()));
        }
        etcd.killLeader();
        etcd.awaitLeader(WAIT);
        for (int i = 10; i < 20; i++) {
          String key = "k" + i;
          byte[] value = utf8(Integer.toString(i));
          written.add(await().atMost(WAIT).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            try {
              return store.commit(Txn.builder().expectAbsent(key).put(key, value).build());
            } catch (CompareFailedException alreadyApplied) {
              return store.get(key).orElseThrow().modRevision();
            }
          }, r -> r > 0));
        }
        long last = written.getLast();
        await().atMost(WAIT).until(() -> listener.lastRevision() >= last);
        assertThat(watch.isActive()).isTrue();
      }
      assertThat(listener.revisions()).containsExactlyElementsOf(written);
    }
  }
}
