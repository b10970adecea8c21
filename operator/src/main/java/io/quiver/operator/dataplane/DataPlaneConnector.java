package io.quiver.operator.dataplane;

/**
 * Opens {@link DataPlaneClient}s to clusters. The operator holds one; reconcilers ask it for the client
 * of the cluster a resource refers to. Implementations cache connections and are thread-safe.
 */
public interface DataPlaneConnector {

  /**
   * The client of the cluster at {@code address}; the caller must not close it (the connector owns it).
   *
   * @throws DataPlaneException if the cluster cannot be reached (retryable) or no client is configured
   */
  DataPlaneClient connect(ClusterAddress address);

  /**
   * A connector for builds without a data-plane client: every call fails with a retryable
   * DataPlaneException saying so, which reconcilers report as a Degraded condition.
   */
  static DataPlaneConnector unavailable() {
    return address -> {
      throw new DataPlaneException(true, "no data-plane client is configured in this operator build; cannot reach "
          + address.endpoint());
    };
  }
}
