package io.quiver.storage.catalog.etcd;

import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews one lease every third of its TTL with a single keep-alive request each time (jetcd's
 * {@code keepAliveOnce}), each bounded by the call deadline, instead of jetcd's long-lived
 * keep-alive stream: a renewal is then an ordinary call that fails fast and is retried while etcd
 * is away, and nothing needs re-establishing after an outage. A failed renewal is retried every
 * {@value #RETRY_MILLIS} ms. etcd answering that the lease is gone ends the keep-alive and tells
 * the listener.
 *
 * <p>Thread safety: renewals run on virtual threads started by the store's scheduler, one at a
 * time (each schedules the next when it ends); the accessors read volatile fields.
 */
final class EtcdKeepAlive implements Leases.KeepAlive {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdKeepAlive.class);
  private static final long RETRY_MILLIS = 500;

  private final EtcdCalls calls;
  private final ScheduledExecutorService scheduler;
  private final Leases.Grant lease;
  private final Leases.ExpiryListener listener;
  private final Consumer<EtcdKeepAlive> onClose;
  private final long periodMillis;
  private volatile long validUntilNanos;
  private volatile boolean expired;
  private volatile boolean closed;

  EtcdKeepAlive(EtcdCalls calls, ScheduledExecutorService scheduler, Leases.Grant lease, Leases.ExpiryListener listener,
      Consumer<EtcdKeepAlive> onClose) {
    this.calls = calls;
    this.scheduler = scheduler;
    this.lease = lease;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.onClose = onClose;
    this.periodMillis = Math.max(RETRY_MILLIS, lease.ttl().toMillis() / 3);
    this.validUntilNanos = lease.requestedAtNanos() + lease.ttl().toNanos();
  }

  void start() {
    schedule(0);
  }

  @Override
  public long leaseId() {
    return lease.id();
  }

  @Override
  public long validUntilNanos() {
    return validUntilNanos;
  }

  @Override
  public boolean isValid() {
    return !expired && System.nanoTime() - validUntilNanos < 0;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      onClose.accept(this);
    }
  }

  @Override
  public String toString() {
    return "keep-alive of lease " + Long.toHexString(lease.id());
  }

  private void schedule(long delayMillis) {
    if (closed) {
      return;
    }
    try {
      // a renewal blocks for up to the call deadline: not on the shared scheduler thread
      scheduler.schedule(() -> Thread.ofVirtual().name("quiver-etcd-keepalive").start(this::renew), delayMillis,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      closed = true; // the store is closing
    }
  }

  private void renew() {
    if (closed) {
      return;
    }
    long sentAt = System.nanoTime();
    LeaseKeepAliveResponse response;
    try {
      response = calls.read("renewal of lease " + Long.toHexString(lease.id()),
          c -> c.getLeaseClient().keepAliveOnce(lease.id()), (what, error) -> error.getErrorCode() == ErrorCode.NOT_FOUND
              ? new LeaseNotFoundException(lease.id(), error) : EtcdCalls.rejected(what, error));
    } catch (LeaseNotFoundException e) {
      expire();
      return;
    } catch (IOException | RuntimeException e) {
      if (closed) {
        return;
      }
      LOG.debug("{}: renewal failed, retrying in {} ms: {}", this, RETRY_MILLIS, e.toString());
      schedule(RETRY_MILLIS);
      return;
    }
    if (response.getTTL() <= 0) {
      expire();
      return;
    }
    validUntilNanos = sentAt + TimeUnit.SECONDS.toNanos(response.getTTL());
    schedule(Math.max(RETRY_MILLIS, TimeUnit.SECONDS.toMillis(response.getTTL()) / 3));
  }

  private void expire() {
    expired = true;
    if (closed) {
      return;
    }
    LOG.info("{}: etcd reports the lease gone", this);
    close();
    try {
      listener.onExpired(lease.id());
    } catch (RuntimeException e) {
      LOG.error("{}: the expiry listener failed", this, e);
    }
  }
}
