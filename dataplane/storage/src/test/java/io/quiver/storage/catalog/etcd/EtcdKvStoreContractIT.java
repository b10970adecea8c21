package io.quiver.storage.catalog.etcd;

import io.quiver.storage.catalog.KvStore;
import io.quiver.testkit.etcd.EtcdExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link EtcdKvStore} against a real etcd passes the portable contract, with pages of 7 keys so
 * that scans take many pages. Each test has its own root prefix in one etcd.
 */
class EtcdKvStoreContractIT extends PortableKvStoreContract {

  @RegisterExtension
  static final EtcdExtension etcd = EtcdExtension.singleNode();

  @Override
  protected KvStore newStore() {
    return EtcdKvStore.open(EtcdConfig.of(etcd.endpoints(), TestStores.newRoot("contract"))
        .withCallTimeout(TestStores.PATIENT).withScanPageSize(7));
  }
}
