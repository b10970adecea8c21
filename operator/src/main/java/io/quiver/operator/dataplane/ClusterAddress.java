package io.quiver.operator.dataplane;

/**
 * Where a cluster's data plane is, and the Secret with its root credentials.
 *
 * @param namespace the VectorCluster's namespace
 * @param name the VectorCluster's name
 * @param endpoint host:port of its Milvus endpoint
 * @param rootSecretName Secret holding the root password, or null when auth is off
 * @param rootSecretKey key of the password in that Secret
 */
public record ClusterAddress(String namespace, String name, String endpoint, String rootSecretName, String rootSecretKey) {}
