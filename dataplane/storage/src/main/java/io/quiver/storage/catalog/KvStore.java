package io.quiver.storage.catalog;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata store under the catalog: a sorted map from string keys to byte values, changed
 * only by atomic, conditional transactions ({@link #commit}), with a store-wide revision. The
 * local file store ({@code LocalKvStore}) and etcd implement it; the contract below is what both
 * guarantee, and what callers may rely on.
 *
 * <p><b>Keys</b> are non-empty strings. They sort by their UTF-8 bytes as unsigned values, which
 * is Unicode code point order ({@link #KEY_ORDER}; etcd's order). <b>Values</b> are byte arrays,
 * possibly empty; the store copies them in and out, so callers may reuse their arrays. Keep a
 * transaction well below 1 MiB in total (etcd refuses requests above 1.5 MiB by default).
 *
 * <p><b>Revisions.</b> The store has a revision, a 64-bit number that never decreases, also
 * across restarts. Every commit that changes at least one key increases it, and every key that
 * commit puts gets the new revision as its <em>mod revision</em>. A commit that changes nothing
 * (no puts, and only deletes of absent keys) leaves it unchanged. A new, empty local store is at
 * revision 0 and each changing commit adds exactly 1; etcd starts wherever the cluster is and
 * also counts writes by others to keys outside this store, so callers must not assume that
 * revisions are consecutive, only that they increase. A key that is deleted and created again
 * gets a new mod revision; mod revisions are always greater than 0.
 *
 * <p><b>Consistency.</b> The store is linearizable: each call appears to take effect at one
 * instant between its start and its return, in a single order that every caller observes. In
 * particular a read sees every commit that returned before the read started, and a {@link #scan}
 * is one consistent snapshot.
 *
 * <p><b>Failures.</b> {@link CompareFailedException} means nothing was applied. An {@link
 * IOException} from {@link #commit} means the outcome is unknown: the transaction may or may not
 * have been applied (and may become visible later, e.g. once a disk or cluster recovers); read
 * back before retrying. A store may stop serving after an I/O failure until it is reopened.
 *
 * <p><b>Thread safety.</b> All methods may be called from any number of threads at once.
 */
public interface KvStore extends AutoCloseable {

  /** The order of keys in {@link #scan} results: UTF-8 bytes as unsigned values, i.e. code points. */
  Comparator<String> KEY_ORDER = KvStore::compareKeys;

  /**
   * One key's current value.
   *
   * @param key the key
   * @param value the value; the record holds its own copy and {@link #value()} returns a copy
   * @param modRevision the revision of the commit that last put this key, {@code > 0}
   */
  record Entry(String key, byte[] value, long modRevision) {

    public Entry {
      Objects.requireNonNull(key, "key");
      value = value.clone();
      if (modRevision <= 0) {
        throw new IllegalArgumentException("mod revision must be positive: " + modRevision);
      }
    }

    /** A copy of the value. */
    @Override
    public byte[] value() {
      return value.clone();
    }

    /** The value's length, without copying it. */
    public int valueLength() {
      return value.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && e.key.equals(key) && e.modRevision == modRevision && Arrays.equals(e.value, value);
    }

    @Override
    public int hashCode() {
      return (key.hashCode() * 31 + Long.hashCode(modRevision)) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Entry[" + key + " @" + modRevision + ", " + value.length + " bytes]";
    }
  }

  /** The entry of {@code key}, or empty if the key does not exist. */
  Optional<Entry> get(String key) throws IOException;

  /** Every entry whose key starts with {@code prefix} ({@code ""}: all), sorted by {@link #KEY_ORDER}. */
  List<Entry> scan(String prefix) throws IOException;

  /**
   * Applies {@code txn} atomically: if every compare holds in the state before the transaction,
   * performs its deletes and puts, all at one new revision, and makes them durable before
   * returning; otherwise changes nothing.
   *
   * @return the revision at which the transaction took effect: the new revision if it changed a
   *     key, otherwise the current revision
   * @throws CompareFailedException when a compare does not hold (nothing was applied)
   * @throws IOException when the outcome is unknown (see the class comment)
   */
  long commit(Txn txn) throws IOException, CompareFailedException;

  /** The current revision: at least the mod revision of every entry and of every commit that has returned. */
  long revision() throws IOException;

  /** Releases the store's resources; calls after close throw {@link IllegalStateException}. Idempotent. */
  @Override
  void close();

  private static int compareKeys(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // UTF-16 order differs from code point order only between surrogates (D800-DFFF) and
        // U+E000-U+FFFF: move surrogates above them at the first difference.
        return codePointRank(x) - codePointRank(y);
      }
    }
    return a.length() - b.length();
  }

  private static int codePointRank(char c) {
    if (c < 0xD800) {
      return c;
    }
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }
}
