package io.quiver.server.runtime.local;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import io.quiver.storage.catalog.etcd.Leases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership lease in the etcd catalog ({@code members/NODE_ID}). Writes are accepted
 * only while the lease is known to be alive: if etcd cannot confirm it (etcd down, a network
 * partition), the node stops acknowledging writes within the lease's TTL, because another node
 * may be taking its shards over. The lease is granted again as soon as etcd answers.
 *
 * <p>Thread safe.
 */
final class NodeLease implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLease.class);

  private final Leases leases;
  private final String key;
  private final Duration ttl;
  private final ScheduledExecutorService renewer;
  private volatile Leases.KeepAlive keepAlive;

  NodeLease(Leases leases, String nodeId, Duration ttl) {
    this.leases = leases;
    this.key = "members/" + nodeId;
    this.ttl = ttl;
    this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "quiver-node-lease");
      t.setDaemon(true);
      return t;
    });
    renewer.scheduleWithFixedDelay(this::ensureGranted, 0, Math.max(100, ttl.toMillis() / 4), TimeUnit.MILLISECONDS);
  }

  private void ensureGranted() {
    Leases.KeepAlive current = keepAlive;
    if (current != null && current.isValid()) {
      return;
    }
    if (current != null) {
      current.close();
    }
    try {
      Leases.Grant grant = leases.grant(ttl);
      leases.putWithLease(key, ("{\"since\":" + System.currentTimeMillis() + "}").getBytes(StandardCharsets.UTF_8), grant.id());
      keepAlive = leases.keepAlive(grant, id -> LOG.warn("the catalog dropped this node's lease {}; writes pause", id));
      if (current != null) {
        LOG.info("the catalog confirmed this node's lease again; writes resume");
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("granting the node lease failed: {}", e.toString());
    }
  }

  /** Throws a retryable NOT_READY error while the lease is not known to be alive. */
  void checkWritable() {
    Leases.KeepAlive current = keepAlive;
    if (current == null || !current.isValid()) {
      throw new QuiverException(ErrorCode.NOT_READY,
          "writes are paused: the catalog (etcd) has not confirmed this node's lease; retry when it is reachable");
    }
  }

  @Override
  public void close() {
    renewer.shutdownNow();
    Leases.KeepAlive current = keepAlive;
    if (current != null) {
      current.close();
      try {
        leases.revoke(current.leaseId());
      } catch (IOException | RuntimeException e) {
        // it expires by itself
      }
    }
  }
}
