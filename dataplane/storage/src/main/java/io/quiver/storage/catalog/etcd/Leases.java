package io.quiver.storage.catalog.etcd;

import io.quiver.storage.catalog.CompareFailedException;
import io.quiver.storage.catalog.Txn;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * etcd leases: keys that vanish when their owner stops renewing them. Node membership puts
 * {@code members/NODE} with its lease and keeps the lease alive; coordinator election puts
 * {@code election/coordinator} if absent with the candidate's lease (see docs/catalog-keys.md).
 * A key attached to a lease is deleted (at a new revision, seen by watches) when the lease expires
 * or is revoked.
 */
public interface Leases {

  /**
   * Creates a lease that expires {@code ttl} after its last renewal. etcd rounds the TTL up to whole
   * seconds and to its minimum (about 2 s).
   *
   * @throws CatalogUnavailableException when etcd does not answer; a lease may still have been
   *     created, which expires after its TTL
   */
  Grant grant(Duration ttl) throws IOException;

  /**
   * Renews {@code lease} in the background, every third of its TTL, until the returned handle is
   * closed or etcd reports the lease gone. Keeps trying through outages; {@link
   * KeepAlive#isValid()} tells whether the lease is still known to be alive.
   */
  KeepAlive keepAlive(Grant lease, ExpiryListener listener);

  /**
   * Puts {@code key} attached to the lease.
   *
   * @return the revision of the put
   * @throws LeaseNotFoundException when the lease has expired or was revoked (nothing applied)
   * @throws IOException as {@link io.quiver.storage.catalog.KvStore#commit}
   */
  long putWithLease(String key, byte[] value, long leaseId) throws IOException;

  /**
   * {@link io.quiver.storage.catalog.KvStore#commit} with every put of {@code txn} attached to the
   * lease, e.g. put-if-absent of a leader key.
   *
   * @throws LeaseNotFoundException when the lease has expired or was revoked (nothing applied)
   */
  long commitWithLease(Txn txn, long leaseId) throws IOException, CompareFailedException;

  /** Ends the lease now, deleting its keys; a lease that is already gone is fine. */
  void revoke(long leaseId) throws IOException;

  /** The lease's remaining time to live, or empty when it has expired or was revoked. */
  Optional<Duration> timeToLive(long leaseId) throws IOException;

  /**
   * A granted lease.
   *
   * @param id etcd's lease id
   * @param ttl the TTL etcd granted (may exceed the one asked for)
   * @param requestedAtNanos {@link System#nanoTime()} just before the grant was sent: the lease is
   *     alive at least until {@code requestedAtNanos + ttl}
   */
  record Grant(long id, Duration ttl, long requestedAtNanos) {}

  /** Told, once, that etcd reported the kept-alive lease gone; renewing stops. */
  @FunctionalInterface
  interface ExpiryListener {
    void onExpired(long leaseId);
  }

  /** The background renewal of one lease. */
  interface KeepAlive extends AutoCloseable {

    long leaseId();

    /**
     * {@link System#nanoTime()} until which the lease is known to be alive: when the last
     * successful renewal was sent plus the TTL it returned. A holder of a leased role (the
     * coordinator) must stop acting in it once this passes, even if etcd might still keep the
     * lease.
     */
    long validUntilNanos();

    /** Whether {@link System#nanoTime()} is before {@link #validUntilNanos()} and etcd has not reported the lease gone. */
    boolean isValid();

    /** Stops renewing (the lease then expires after its TTL; {@link #revoke} ends it now). Idempotent. */
    @Override
    void close();
  }
}
