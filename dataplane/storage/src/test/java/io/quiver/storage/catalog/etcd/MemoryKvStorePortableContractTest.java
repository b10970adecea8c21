package io.quiver.storage.catalog.etcd;

import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.MemoryKvStore;

/** The reference semantics: the in-memory twin passes the portable contract. */
class MemoryKvStorePortableContractTest extends PortableKvStoreContract {

  @Override
  protected KvStore newStore() {
    return new MemoryKvStore();
  }
}
