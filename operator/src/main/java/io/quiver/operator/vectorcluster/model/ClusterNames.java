package io.quiver.operator.vectorcluster.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names, labels and ports of the objects the operator makes for a VectorCluster. Pure; every other
 * model class derives names from here so that reconcilers, tests and the data plane agree.
 */
public final class ClusterNames {

  private ClusterNames() {}

  /** Milvus gRPC port of every data-plane node. */
  public static final int GRPC_PORT = 19530;
  /** Prometheus metrics port of every data-plane node. */
  public static final int METRICS_PORT = 9091;
  /** etcd client port. */
  public static final int ETCD_CLIENT_PORT = 2379;
  /** etcd peer port. */
  public static final int ETCD_PEER_PORT = 2380;

  /** The resource group every cluster has; its nodes are {@code spec.replicas}. */
  public static final String DEFAULT_GROUP = "default";
  /** Data-plane name of the default group, as in Milvus. */
  public static final String DEFAULT_GROUP_DATA_PLANE_NAME = "__default_resource_group";

  public static final String LABEL_NAME = "app.kubernetes.io/name";
  public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String LABEL_VERSION = "app.kubernetes.io/version";
  public static final String LABEL_GROUP = "quiver.io/resource-group";
  /** Value of {@link #LABEL_MANAGED_BY} on everything the operator makes; its informers select on it. */
  public static final String MANAGED_BY = "quiver-operator";
  /** Label selector of every object the operator makes. */
  public static final String MANAGED_SELECTOR = LABEL_MANAGED_BY + "=" + MANAGED_BY;
  public static final String COMPONENT_DATA_NODE = "data-node";
  public static final String COMPONENT_ETCD = "etcd";
  /** Pod-template annotation holding a hash of the data-plane configuration, so pods roll when it changes. */
  public static final String CONFIG_HASH_ANNOTATION = "quiver.io/config-hash";

  /** The ConfigMap holding quiver.properties. */
  public static String configMap(String cluster) {
    return cluster + "-config";
  }

  /** The headless Service giving every data-plane pod a stable DNS name. */
  public static String headlessService(String cluster) {
    return cluster + "-nodes";
  }

  /** The client Service: the cluster's Milvus endpoint. */
  public static String clientService(String cluster) {
    return cluster;
  }

  /** The Secret with the nodes' internal token. */
  public static String internalSecret(String cluster) {
    return cluster + "-internal";
  }

  /** The generated root-credentials Secret, when auth is on and no rootSecretRef is given. */
  public static String rootSecret(String cluster) {
    return cluster + "-root";
  }

  /** The StatefulSet of a resource group ({@link #DEFAULT_GROUP} for the cluster's own nodes). */
  public static String statefulSet(String cluster, String group) {
    return cluster + "-" + group;
  }

  /** The PodDisruptionBudget of the default group. */
  public static String podDisruptionBudget(String cluster) {
    return cluster + "-" + DEFAULT_GROUP;
  }

  /** The managed etcd's StatefulSet and headless Service. */
  public static String etcd(String cluster) {
    return cluster + "-etcd";
  }

  /** The in-cluster Milvus endpoint, host:port. */
  public static String endpoint(String cluster, String namespace) {
    return clientService(cluster) + "." + namespace + ".svc:" + GRPC_PORT;
  }

  /** Labels common to every object of a cluster. */
  public static Map<String, String> clusterLabels(String cluster, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_NAME, "quiver");
    labels.put(LABEL_INSTANCE, cluster);
    labels.put(LABEL_COMPONENT, component);
    labels.put(LABEL_MANAGED_BY, MANAGED_BY);
    return labels;
  }

  /** Selector of all data-plane pods of a cluster, whatever their group. */
  public static Map<String, String> dataNodeSelector(String cluster) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(LABEL_NAME, "quiver");
    selector.put(LABEL_INSTANCE, cluster);
    selector.put(LABEL_COMPONENT, COMPONENT_DATA_NODE);
    return selector;
  }

  /** Selector of the data-plane pods of one group. */
  public static Map<String, String> groupSelector(String cluster, String group) {
    Map<String, String> selector = dataNodeSelector(cluster);
    selector.put(LABEL_GROUP, group);
    return selector;
  }

  /** Selector of the managed etcd's pods. */
  public static Map<String, String> etcdSelector(String cluster) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(LABEL_NAME, "quiver");
    selector.put(LABEL_INSTANCE, cluster);
    selector.put(LABEL_COMPONENT, COMPONENT_ETCD);
    return selector;
  }
}
