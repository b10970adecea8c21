package io.quiver.operator.dataplane;

/**
 * Where a cluster's data plane is and how the operator signs in to it.
 *
 * @param namespace the VectorCluster's namespace
 * @param name the VectorCluster's name
 * @param endpoint host:port of its Milvus endpoint
 * @param credentials the root user's credentials, or null when auth is off
 */
public record ClusterAddress(String namespace, String name, String endpoint, Credentials credentials) {

  /** namespace/name of the cluster, for messages. */
  public String cluster() {
    return namespace + "/" + name;
  }

  /**
   * A user and password; {@link #toString()} never shows the password.
   *
   * @param user user name
   * @param password password
   */
  public record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=***]";
    }
  }
}
