package io.quiver.storage.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A {@link KvStore} in memory, for unit tests of code that uses the catalog: the same semantics
 * as the durable stores (it applies transactions with the same {@link KvState}), nothing
 * persisted. Thread safe: commits are serialized, reads are lock-free.
 */
public final class MemoryKvStore implements KvStore {

  private volatile KvState state = KvState.empty();
  private volatile boolean closed;

  @Override
  public Optional<Entry> get(String key) {
    return current().get(key);
  }

  @Override
  public List<Entry> scan(String prefix) {
    return current().scan(prefix);
  }

  @Override
  public synchronized long commit(Txn txn) throws CompareFailedException {
    KvState next = current().apply(txn);
    state = next;
    return next.revision();
  }

  @Override
  public long revision() {
    return current().revision();
  }

  @Override
  public void close() {
    closed = true;
  }

  private KvState current() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
    return state;
  }
}
