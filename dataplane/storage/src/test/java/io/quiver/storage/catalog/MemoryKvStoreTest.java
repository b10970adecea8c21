package io.quiver.storage.catalog;

class MemoryKvStoreTest extends KvStoreContract {

  @Override
  protected KvStore newStore() {
    return new MemoryKvStore();
  }
}
