package io.quiver.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's configuration, read once at start from the environment (habit 12): each key has a
 * default and a description; a bad value stops the operator with a message naming the variable.
 *
 * @param namespaces namespaces whose VectorClusters, ResourceGroups, Collections and EncryptionKeys are
 *     reconciled; empty for all (Tenants are cluster-scoped and always watched cluster-wide)
 * @param leaderElection whether replicas elect a leader through a Lease, so two or more can run
 * @param leaseName name of that Lease
 * @param leaseNamespace namespace of that Lease; null for the client's namespace
 * @param identity this replica's identity in the election (the pod name)
 * @param reconcileThreads concurrent reconciliations
 * @param dataPlanePollInterval how often data-plane state is re-read to repair drift
 * @param dataPlaneTimeout deadline of one data-plane call, retries included
 * @param dataPlaneEndpoints Milvus endpoints (host:port) the operator uses instead of a cluster's in-cluster
 *     Service, keyed by "namespace/name" of the VectorCluster; for an operator run outside the Kubernetes
 *     cluster (development, tests). Empty in a normal deployment.
 */
public record OperatorConfig(Set<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace,
    String identity, int reconcileThreads, Duration dataPlanePollInterval, Duration dataPlaneTimeout,
    Map<String, String> dataPlaneEndpoints) {

  /** Comma-separated namespaces to watch; unset or empty for all. */
  public static final String NAMESPACES = "QUIVER_OPERATOR_NAMESPACES";
  /** true (default) or false. */
  public static final String LEADER_ELECTION = "QUIVER_OPERATOR_LEADER_ELECTION";
  /** Lease name; default quiver-operator. */
  public static final String LEASE_NAME = "QUIVER_OPERATOR_LEASE_NAME";
  /** Lease namespace; default POD_NAMESPACE, else the client's namespace. */
  public static final String LEASE_NAMESPACE = "QUIVER_OPERATOR_LEASE_NAMESPACE";
  /** Concurrent reconciliations, 1..100; default 10. */
  public static final String RECONCILE_THREADS = "QUIVER_OPERATOR_RECONCILE_THREADS";
  /** Seconds between data-plane state reads, 1..3600; default 30. */
  public static final String DATA_PLANE_POLL_SECONDS = "QUIVER_OPERATOR_DATA_PLANE_POLL_SECONDS";
  /** Seconds one data-plane call may take, its retries included, 1..300; default 10. */
  public static final String DATA_PLANE_TIMEOUT_SECONDS = "QUIVER_OPERATOR_DATA_PLANE_TIMEOUT_SECONDS";
  /**
   * Comma-separated {@code namespace/cluster=host:port} entries: the operator reaches that VectorCluster's
   * data plane at host:port instead of its Service ({@code <cluster>.<namespace>.svc:19530}), and does not
   * wait for the cluster's pods to be ready first. Only for an operator run outside the cluster (e.g. with
   * {@code kubectl port-forward}, or in tests); unset in a deployment. An operator setting, not an
   * annotation, so that whoever may edit a VectorCluster cannot point the operator, and the root
   * credentials it sends, at another host.
   */
  public static final String DATA_PLANE_ENDPOINTS = "QUIVER_OPERATOR_DATA_PLANE_ENDPOINTS";
  /** Set by the Deployment from the downward API. */
  public static final String POD_NAME = "POD_NAME";
  public static final String POD_NAMESPACE = "POD_NAMESPACE";

  /** Reads the configuration from {@code env} (System.getenv() in Main; a map in tests). */
  public static OperatorConfig fromEnv(Map<String, String> env) {
    Set<String> namespaces = Arrays.stream(env.getOrDefault(NAMESPACES, "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    for (String ns : namespaces) {
      if (!ns.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || ns.length() > 63) {
        throw new IllegalArgumentException(NAMESPACES + ": '" + ns + "' is not a namespace name");
      }
    }
    String election = env.getOrDefault(LEADER_ELECTION, "true").trim();
    if (!election.equals("true") && !election.equals("false")) {
      throw new IllegalArgumentException(LEADER_ELECTION + ": expected true or false, got '" + election + "'");
    }
    String leaseNamespace = env.getOrDefault(LEASE_NAMESPACE, env.get(POD_NAMESPACE));
    String identity = env.getOrDefault(POD_NAME, "quiver-operator-" + ProcessHandle.current().pid());
    int threads = intIn(env, RECONCILE_THREADS, 10, 1, 100);
    int poll = intIn(env, DATA_PLANE_POLL_SECONDS, 30, 1, 3600);
    int timeout = intIn(env, DATA_PLANE_TIMEOUT_SECONDS, 10, 1, 300);
    return new OperatorConfig(namespaces, election.equals("true"), env.getOrDefault(LEASE_NAME, "quiver-operator"),
        leaseNamespace == null || leaseNamespace.isBlank() ? null : leaseNamespace, identity, threads,
        Duration.ofSeconds(poll), Duration.ofSeconds(timeout), endpoints(env.getOrDefault(DATA_PLANE_ENDPOINTS, "")));
  }

  private static Map<String, String> endpoints(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : raw.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      String cluster = eq < 0 ? "" : e.substring(0, eq).trim();
      String endpoint = eq < 0 ? "" : e.substring(eq + 1).trim();
      if (!cluster.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?")
          || !endpoint.matches("[A-Za-z0-9.\\-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:]+\\]:[0-9]{1,5}")) {
        throw new IllegalArgumentException(DATA_PLANE_ENDPOINTS + ": '" + e + "' is not namespace/cluster=host:port");
      }
      out.put(cluster, endpoint);
    }
    return Map.copyOf(out);
  }

  private static int intIn(Map<String, String> env, String key, int dflt, int min, int max) {
    String raw = env.get(key);
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(raw.trim());
      if (v < min || v > max) {
        throw new IllegalArgumentException(key + ": " + v + " is outside " + min + ".." + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": expected an integer, got '" + raw + "'", e);
    }
  }
}
