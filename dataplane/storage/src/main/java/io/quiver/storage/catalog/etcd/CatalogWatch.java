package io.quiver.storage.catalog.etcd;

import io.quiver.storage.catalog.KvStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Change notification on a {@link KvStore}'s keys, for caches and cluster views that must follow
 * the catalog: take a {@link #snapshot} of a prefix, then {@link #watch} it from the snapshot's
 * revision + 1; every later change arrives exactly once, in revision order, with no gap, also
 * across lost connections and etcd restarts (the watch resumes after the last revision it
 * delivered). Keys are store keys (without the etcd root prefix).
 *
 * <p>etcd keeps history only back to its last compaction: a watch that must resume from an older
 * revision ends with {@link Listener#onCompacted}; the caller then takes a new snapshot and
 * watches again.
 */
public interface CatalogWatch {

  /**
   * Every entry under {@code prefix} and the revision they were read at, in one consistent read.
   *
   * @throws CatalogUnavailableException when etcd does not answer within the deadline
   */
  Snapshot snapshot(String prefix) throws IOException;

  /**
   * Delivers every change to keys under {@code prefix} ({@code ""}: all) made at revision {@code
   * fromRevision} or later, until the subscription is closed. Does not wait for etcd: when etcd is
   * unreachable the watch keeps trying to connect in the background.
   *
   * @param fromRevision the first revision to deliver, {@code >= 1}; usually {@code
   *     snapshot.revision() + 1}
   */
  Subscription watch(String prefix, long fromRevision, Listener listener);

  /** Entries read at one revision. */
  record Snapshot(long revision, List<KvStore.Entry> entries) {
    public Snapshot {
      entries = List.copyOf(entries);
    }
  }

  enum EventType {
    PUT,
    DELETE
  }

  /**
   * One key's change.
   *
   * @param value the new value for a put; empty for a delete. The record holds its own copy and
   *     {@link #value()} returns a copy
   * @param modRevision the revision of the change (for a put, the key's new mod revision)
   */
  record Event(EventType type, String key, byte[] value, long modRevision) {
    public Event {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(key, "key");
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Event e && e.type == type && e.key.equals(key) && e.modRevision == modRevision
          && Arrays.equals(e.value, value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type, key, modRevision) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return type + "[" + key + " @" + modRevision + ", " + value.length + " bytes]";
    }
  }

  /**
   * Receives the changes of one subscription. Calls come one at a time, from one thread per
   * subscription (never an etcd client thread), in revision order; a listener may block, which
   * delays only its own subscription. A listener that throws ends its subscription (the error is
   * logged), so that it cannot silently miss changes.
   */
  interface Listener {

    /** The changes of one revision (a transaction's puts and deletes arrive together), key order. */
    void onChange(long revision, List<Event> events);

    /**
     * The subscription ended because etcd compacted the history it needed: revisions before
     * {@code compactRevision} are gone. Take a new {@link #snapshot} and watch again.
     */
    void onCompacted(long compactRevision);
  }

  /** A running watch. */
  interface Subscription extends AutoCloseable {

    /** False once closed or ended by compaction. */
    boolean isActive();

    /** Stops the watch; no listener call starts after this returns. Idempotent. */
    @Override
    void close();
  }
}
