package io.quiver.operator.dataplane;

/**
 * Opens {@link DataPlaneClient}s to clusters. The operator holds one; reconcilers ask it for the client
 * of the cluster a resource refers to. Implementations cache connections and are thread-safe.
 */
public interface DataPlaneConnector extends AutoCloseable {

  /**
   * The client of the cluster at {@code address}; the caller must not close it (the connector owns it).
   *
   * @throws DataPlaneException if the cluster cannot be reached (retryable) or no client is configured
   */
  DataPlaneClient connect(ClusterAddress address);

  /** Closes every client opened. */
  @Override
  default void close() {}

  /**
   * A connector for operators run without a data plane (Kubernetes-only tests): every call fails with
   * a retryable DataPlaneException saying so, which reconcilers report as a Degraded condition.
   */
  static DataPlaneConnector unavailable() {
    return address -> {
      throw new DataPlaneException(DataPlaneException.Kind.UNAVAILABLE,
          "no data-plane client is configured in this operator; cannot reach " + address.endpoint());
    };
  }
}
