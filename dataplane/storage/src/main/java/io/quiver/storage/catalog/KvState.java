package io.quiver.storage.catalog;

import io.quiver.storage.catalog.KvStore.Entry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One immutable state of a {@link KvStore} held in memory (every entry and the revision), and the
 * transaction semantics of the contract as a pure function from state to state. Shared by the
 * stores that keep the whole map in memory ({@link MemoryKvStore}, {@code LocalKvStore}), so
 * both apply transactions by the same code. Thread safe (immutable).
 */
public final class KvState {

  private static final KvState EMPTY = new KvState(Collections.unmodifiableNavigableMap(new TreeMap<>(KvStore.KEY_ORDER)), 0);

  private final NavigableMap<String, Entry> entries;
  private final long revision;

  private KvState(NavigableMap<String, Entry> entries, long revision) {
    this.entries = entries;
    this.revision = revision;
  }

  /** The state of a new store: no keys, revision 0. */
  public static KvState empty() {
    return EMPTY;
  }

  /**
   * A state holding {@code entries} at {@code revision}, e.g. loaded from a snapshot.
   *
   * @throws IllegalArgumentException when a key appears twice or an entry's mod revision exceeds {@code revision}
   */
  public static KvState of(long revision, Collection<Entry> entries) {
    NavigableMap<String, Entry> map = new TreeMap<>(KvStore.KEY_ORDER);
    for (Entry e : entries) {
      if (e.modRevision() > revision) {
        throw new IllegalArgumentException("entry " + e.key() + " has mod revision " + e.modRevision() + " above the store revision " + revision);
      }
      if (map.put(e.key(), e) != null) {
        throw new IllegalArgumentException("duplicate key " + e.key());
      }
    }
    if (revision < 0) {
      throw new IllegalArgumentException("negative revision " + revision);
    }
    return new KvState(Collections.unmodifiableNavigableMap(map), revision);
  }

  public long revision() {
    return revision;
  }

  public int size() {
    return entries.size();
  }

  /** Every entry in key order (an unmodifiable view). */
  public Collection<Entry> entries() {
    return entries.values();
  }

  public Optional<Entry> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** The entries whose key starts with {@code prefix}, in key order. */
  public List<Entry> scan(String prefix) {
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break; // keys with a prefix are contiguous in code point order, starting at the prefix
      }
      out.add(e.getValue());
    }
    return out;
  }

  /**
   * The state after {@code txn}: this state itself if the transaction changes no key, otherwise a
   * new state at {@code revision() + 1} whose puts carry that mod revision.
   *
   * @throws CompareFailedException when a compare does not hold in this state
   */
  public KvState apply(Txn txn) throws CompareFailedException {
    List<Txn.Compare> failed = new ArrayList<>();
    StringBuilder detail = new StringBuilder();
    for (Txn.Compare c : txn.compares()) {
      Entry current = entries.get(c.key());
      long actual = current == null ? 0 : current.modRevision();
      if (actual != c.modRevision()) {
        failed.add(c);
        if (!detail.isEmpty()) {
          detail.append("; ");
        }
        detail.append("key ").append(c.key()).append(actual == 0 ? " is absent" : " has mod revision " + actual)
            .append(c.modRevision() == 0 ? ", expected absent" : ", expected " + c.modRevision());
      }
    }
    if (!failed.isEmpty()) {
      throw new CompareFailedException(failed, detail.toString());
    }
    boolean changes = !txn.puts().isEmpty();
    for (String key : txn.deletes()) {
      changes |= entries.containsKey(key);
    }
    if (!changes) {
      return this;
    }
    long next = revision + 1;
    NavigableMap<String, Entry> map = new TreeMap<>(entries);
    for (String key : txn.deletes()) {
      map.remove(key);
    }
    for (Txn.Put p : txn.puts()) {
      map.put(p.key(), new Entry(p.key(), p.value(), next));
    }
    return new KvState(Collections.unmodifiableNavigableMap(map), next);
  }
}
