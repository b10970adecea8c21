package io.quiver.storage.crypto;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unwrapped data keys by the exact bytes of what named and wrapped them (an envelope header, a
 * WAL record header): a changed byte misses, so tampering is still caught by the unwrap. Least
 * recently used entries are evicted past the capacity; evicted and invalidated keys are wiped.
 *
 * <p>Revocation: {@link #invalidate} (called when a provider reports a key revoked or
 * unavailable) drops the key's entries and bumps an epoch, and {@link #put} refuses entries
 * unwrapped before the latest invalidation, so no key unwrapped before a revocation survives it.
 * Callers check the key's state before every lookup as well.
 *
 * <p>Thread safety: thread-safe; lookups hand out copies made under the lock, so wiping never
 * races with a reader.
 */
final class DataKeyCache implements AutoCloseable {

  private record Id(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Id other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Id[" + bytes.length + " bytes]";
    }
  }

  private record Entry(KeyRef ref, KeyMaterial key) {}

  private final int capacity;
  private final LinkedHashMap<Id, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long epoch;

  DataKeyCache(int capacity) {
    this.capacity = capacity;
  }

  synchronized long epoch() {
    return epoch;
  }

  /** A copy of the cached key for {@code id}, which the caller closes; null if absent. */
  synchronized KeyMaterial copyOf(byte[] id) {
    Entry entry = entries.get(new Id(id));
    return entry == null ? null : entry.key.copy();
  }

  /**
   * Caches {@code owned} (taking ownership) unless an invalidation happened since {@code
   * epochSeen}, read before the key was unwrapped; otherwise wipes it.
   */
  synchronized void put(long epochSeen, KeyRef ref, byte[] id, KeyMaterial owned) {
    if (epochSeen != epoch || capacity == 0) {
      owned.destroy();
      return;
    }
    Entry replaced = entries.put(new Id(id.clone()), new Entry(ref, owned));
    if (replaced != null) {
      replaced.key.destroy();
    }
    Iterator<Map.Entry<Id, Entry>> it = entries.entrySet().iterator();
    while (entries.size() > capacity && it.hasNext()) {
      it.next().getValue().key.destroy();
      it.remove();
    }
  }

  /** Drops and wipes every key under {@code ref}. */
  synchronized void invalidate(KeyRef ref) {
    epoch++;
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      Entry entry = it.next();
      if (entry.ref.equals(ref)) {
        entry.key.destroy();
        it.remove();
      }
    }
  }

  /** A {@link KeyProvider.KeyListener}: invalidates keys that became inaccessible. */
  void keyChanged(KeyRef ref, boolean accessible) {
    if (!accessible) {
      invalidate(ref);
    }
  }

  synchronized int size() {
    return entries.size();
  }

  @Override
  public synchronized void close() {
    epoch++;
    entries.values().forEach(e -> e.key.destroy());
    entries.clear();
  }
}
