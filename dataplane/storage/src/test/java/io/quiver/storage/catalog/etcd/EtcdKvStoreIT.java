package io.quiver.storage.catalog.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.quiver.storage.catalog.KvStore.Entry;
import io.quiver.storage.catalog.Txn;
import io.quiver.testkit.etcd.EtcdExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What is particular to {@link EtcdKvStore}: the root prefix and etcd's request limits. */
class EtcdKvStoreIT {

  @RegisterExtension
  static final EtcdExtension etcd = EtcdExtension.singleNode();

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  private static EtcdKvStore open(EtcdConfig config) {
    return EtcdKvStore.open(config.withCallTimeout(TestStores.PATIENT));
  }

  @Test
  void keysLiveUnderTheRootPrefixAndStoresWithOtherRootsDoNotSeeThem() throws Exception {
    try (EtcdKvStore a = TestStores.open(etcd, "/quiver/a/");
        EtcdKvStore ab = TestStores.open(etcd, "/quiver/ab/");
        Client raw = Client.builder().endpoints(etcd.endpoints().toArray(String[]::new)).build()) {
      long rev = a.commit(Txn.builder().put("collection/7", utf8("seven")).build());
      ab.commit(Txn.builder().put("collection/8", utf8("eight")).build());
      var kvs = raw.getKVClient().get(ByteSequence.from("/quiver/a/collection/7", UTF_8)).get(30, TimeUnit.SECONDS).getKvs();
      assertThat(kvs).hasSize(1);
      assertThat(kvs.getFirst().getValue().toString(UTF_8)).isEqualTo("seven");
      assertThat(kvs.getFirst().getModRevision()).isEqualTo(rev);
      assertThat(a.scan("")).extracting(Entry::key).containsExactly("collection/7");
      assertThat(ab.scan("")).extracting(Entry::key).containsExactly("collection/8");
      assertThat(ab.get("collection/7")).isEmpty();
    }
  }

  @Test
  void refusesAValueOverEtcdsRequestLimitNamingTheKeyBeforeSendingIt() throws Exception {
    try (EtcdKvStore store = TestStores.open(etcd, TestStores.newRoot("limits"))) {
      long before = store.revision();
      Txn txn = Txn.builder().put("small", utf8("x")).put("segment/1/9", new byte[2 << 20]).build();
      assertThatThrownBy(() -> store.commit(txn)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("too large for etcd")
          .hasMessageContaining("key segment/1/9 with 2097152 bytes")
          .hasMessageContaining("--max-request-bytes");
      assertThat(store.get("small")).isEmpty();
      assertThat(store.revision()).isEqualTo(before);
    }
  }

  @Test
  void etcdsOwnRefusalOfALargeRequestAlsoNamesTheKey() throws Exception {
    // a store that believes etcd takes 8 MiB, against etcd's default of 1.5 MiB
    EtcdConfig config = EtcdConfig.of(etcd.endpoints(), TestStores.newRoot("limits")).withMaxRequestBytes(8 << 20);
    try (EtcdKvStore store = open(config)) {
      // above --max-request-bytes: refused by etcd's server
      assertThatThrownBy(() -> store.commit(Txn.builder().put("segment/1/10", new byte[1_800_000]).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("key segment/1/10 with 1800000 bytes")
          .hasMessageContaining("etcd: etcdserver: request is too large");
      // above etcd's gRPC message limit (max request bytes + 512 KiB): refused by its gRPC layer
      assertThatThrownBy(() -> store.commit(Txn.builder().put("segment/1/11", new byte[3 << 20]).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("key segment/1/11 with 3145728 bytes")
          .hasMessageContaining("larger than max");
      assertThat(store.scan("")).isEmpty();
    }
  }

  @Test
  void refusesMoreOperationsThanEtcdAllowsPerTransaction() throws Exception {
    try (EtcdKvStore store = TestStores.open(etcd, TestStores.newRoot("limits"))) {
      Txn.Builder txn = Txn.builder();
      for (int i = 0; i < 129; i++) {
        txn.put("k" + i, utf8("v"));
      }
      assertThatThrownBy(() -> store.commit(txn.build())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("129 puts and deletes")
          .hasMessageContaining("at most 128");
      Txn.Builder fits = Txn.builder();
      for (int i = 0; i < 128; i++) {
        fits.put("k" + i, utf8("v"));
      }
      store.commit(fits.build());
      assertThat(store.scan("")).hasSize(128);
    }
  }

  @Test
  void etcdsOwnOperationLimitIsReportedAsSuch() throws Exception {
    EtcdConfig config = EtcdConfig.of(etcd.endpoints(), TestStores.newRoot("limits")).withMaxTxnOps(1000);
    try (EtcdKvStore store = open(config)) {
      Txn.Builder txn = Txn.builder();
      for (int i = 0; i < 200; i++) {
        txn.put("k" + i, utf8("v"));
      }
      assertThatThrownBy(() -> store.commit(txn.build())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("too many operations");
      assertThat(store.scan("")).isEmpty();
    }
  }

  @Test
  void refusesKeysThatAreNotValidUnicode() throws Exception {
    try (EtcdKvStore store = TestStores.open(etcd, TestStores.newRoot("unicode"))) {
      assertThatThrownBy(() -> store.get("bad\uD800key")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unpaired surrogate at index 3");
      assertThatThrownBy(() -> store.commit(Txn.builder().put("x\uDC00", utf8("v")).build()))
          .isInstanceOf(IllegalArgumentException.class);
      store.commit(Txn.builder().put("ok\uD83D\uDE00", utf8("v")).build());
      assertThat(store.scan("ok")).extracting(Entry::key).containsExactly("ok😀");
    }
  }

  @Test
  void snapshotReturnsTheRevisionItReadAt() throws Exception {
    try (EtcdKvStore store = TestStores.open(etcd, TestStores.newRoot("snapshot"))) {
      long rev = store.commit(Txn.builder().put("p/1", utf8("1")).put("p/2", utf8("2")).build());
      CatalogWatch.Snapshot snapshot = store.snapshot("p/");
      assertThat(snapshot.revision()).isGreaterThanOrEqualTo(rev);
      assertThat(snapshot.entries()).extracting(Entry::key).isEqualTo(List.of("p/1", "p/2"));
    }
  }
}
