package io.quiver.operator.dataplane;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one {@link MilvusDataPlaneClient} per cluster and keeps it: the SDK's gRPC channel reconnects by
 * itself when the data plane restarts. When a cluster's endpoint or credentials change (a rotated root
 * Secret, an edited override), the next {@link #connect} opens a new client and closes the old one.
 * Thread-safe.
 */
public final class MilvusDataPlaneConnector implements DataPlaneConnector {

  private static final Logger LOG = LoggerFactory.getLogger(MilvusDataPlaneConnector.class);

  private record Connection(ClusterAddress address, MilvusDataPlaneClient client) {}

  private final Duration timeout;
  private final Map<String, Connection> byCluster = new ConcurrentHashMap<>();

  /** @param timeout deadline of every data-plane call, and of the whole retry loop of one call */
  public MilvusDataPlaneConnector(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public DataPlaneClient connect(ClusterAddress address) {
    Connection current = byCluster.get(address.cluster());
    if (current != null && current.address().equals(address)) {
      return current.client();
    }
    Connection next = byCluster.compute(address.cluster(), (cluster, existing) -> {
      if (existing != null && existing.address().equals(address)) {
        return existing;
      }
      MilvusDataPlaneClient client = MilvusDataPlaneClient.connect(address, timeout);
      if (existing != null) {
        LOG.info("data plane of {} moved to {} or its credentials changed; reconnected", cluster, address.endpoint());
        existing.client().close();
      }
      return new Connection(address, client);
    });
    return next.client();
  }

  @Override
  public void close() {
    byCluster.values().forEach(c -> c.client().close());
    byCluster.clear();
  }
}
