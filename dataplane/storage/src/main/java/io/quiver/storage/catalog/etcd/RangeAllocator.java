package io.quiver.storage.catalog.etcd;

import io.quiver.storage.catalog.CompareFailedException;
import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.Txn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands out disjoint ranges of a 64-bit counter kept in one catalog key, with a compare-and-swap
 * loop: any number of threads and processes sharing a {@link KvStore} (etcd in a cluster) get
 * ranges that never overlap, also across restarts. The building block of the timestamp oracle
 * (reserve a window of timestamps, hand them out from memory) and of id allocation.
 *
 * <p>The key holds the next value not yet handed out, in decimal ASCII (readable with {@code
 * etcdctl get}); an absent key counts from 1. A range is returned only after the transaction that
 * reserves it committed; a commit whose outcome is unknown may waste its range, never hand it out
 * twice.
 *
 * <p>Thread safety: stateless; safe for any number of threads.
 */
public final class RangeAllocator {

  /** Consecutive commits of unknown outcome after which {@link #allocate} gives up. */
  private static final int MAX_UNKNOWN_OUTCOMES = 5;

  private final KvStore store;

  public RangeAllocator(KvStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** {@link #allocate(String, long, long)} with no floor. */
  public long allocate(String key, long count) throws IOException {
    return allocate(key, count, 0);
  }

  /**
   * Reserves {@code count} consecutive values of the counter at {@code key}.
   *
   * @param floor the range starts at {@code floor} or later (e.g. a physical clock reading for
   *     hybrid timestamps); values below it that were never handed out are skipped
   * @return the first value of the range {@code [first, first + count)}
   * @throws CatalogUnavailableException when the store cannot be reached
   * @throws IOException when the counter holds something that is not a number, or commits kept
   *     ending with an unknown outcome
   */
  public long allocate(String key, long count, long floor) throws IOException {
    if (count < 1) {
      throw new IllegalArgumentException("a range holds at least one value, not " + count);
    }
    if (floor < 0) {
      throw new IllegalArgumentException("the floor must not be negative: " + floor);
    }
    int unknown = 0;
    while (true) {
      Optional<KvStore.Entry> current = store.get(key);
      long next = current.isPresent() ? parse(key, current.get().value()) : 1;
      long first = Math.max(next, floor);
      long end;
      try {
        end = Math.addExact(first, count);
      } catch (ArithmeticException e) {
        throw new IOException("counter " + key + " at " + first + " cannot hand out " + count + " more values", e);
      }
      Txn reserve = Txn.builder()
          .expectModRevision(key, current.map(KvStore.Entry::modRevision).orElse(0L))
          .put(key, Long.toString(end).getBytes(StandardCharsets.US_ASCII))
          .build();
      try {
        store.commit(reserve);
        return first;
      } catch (CompareFailedException raced) {
        unknown = 0; // another allocator moved the counter: read it again
      } catch (CatalogUnavailableException | CatalogRejectedException notApplied) {
        throw notApplied;
      } catch (IOException outcomeUnknown) {
        // maybe applied: re-reading the counter skips the range if it was, so it is never handed out twice
        if (++unknown >= MAX_UNKNOWN_OUTCOMES) {
          throw outcomeUnknown;
        }
      }
    }
  }

  private static long parse(String key, byte[] value) throws IOException {
    String text = new String(value, StandardCharsets.US_ASCII);
    try {
      long next = Long.parseLong(text);
      if (next < 1) {
        throw new NumberFormatException("below 1");
      }
      return next;
    } catch (NumberFormatException e) {
      throw new IOException("counter " + key + " holds '" + text + "', not a positive decimal number", e);
    }
  }
}
