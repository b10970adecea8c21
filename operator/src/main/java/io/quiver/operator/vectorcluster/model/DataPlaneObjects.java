package io.quiver.operator.vectorcluster.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.crd.v1alpha1.vectorcluster.VectorClusterSpec;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Desired ConfigMap, Services, Secrets and PodDisruptionBudget of a VectorCluster. Pure functions of the
 * custom resource (owner references are added by the dependents); no Kubernetes client.
 */
public final class DataPlaneObjects {

  private DataPlaneObjects() {}

  /** Key of the internal token in the internal Secret. */
  public static final String INTERNAL_TOKEN_KEY = "cluster-token";
  /** Key of the root password in a root-credentials Secret, unless rootSecretRef names another. */
  public static final String ROOT_PASSWORD_KEY = "password";
  /** Key of the root user name in the generated root-credentials Secret. */
  public static final String ROOT_USER_KEY = "username";

  static ObjectMeta meta(VectorCluster vc, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(vc.getMetadata().getNamespace())
        .withLabels(ClusterNames.clusterLabels(vc.getMetadata().getName(), component))
        .build();
  }

  /** The ConfigMap holding {@value DataPlaneConfig#FILE_NAME}. */
  public static ConfigMap configMap(VectorCluster vc) {
    String cluster = vc.getMetadata().getName();
    return new ConfigMapBuilder()
        .withMetadata(meta(vc, ClusterNames.configMap(cluster), ClusterNames.COMPONENT_DATA_NODE))
        .withData(Map.of(DataPlaneConfig.FILE_NAME, DataPlaneConfig.render()))
        .build();
  }

  private static List<ServicePort> dataPlanePorts() {
    return List.of(
        new ServicePortBuilder().withName("grpc").withProtocol("TCP").withPort(ClusterNames.GRPC_PORT)
            .withTargetPort(new IntOrString("grpc")).build(),
        new ServicePortBuilder().withName("metrics").withProtocol("TCP").withPort(ClusterNames.METRICS_PORT)
            .withTargetPort(new IntOrString("metrics")).build());
  }

  /**
   * The headless Service: stable DNS names for every data-plane pod of every group
   * ({@code <pod>.<cluster>-nodes}); publishes not-ready pods so nodes can find each other while starting.
   */
  public static Service headlessService(VectorCluster vc) {
    String cluster = vc.getMetadata().getName();
    return new ServiceBuilder()
        .withMetadata(meta(vc, ClusterNames.headlessService(cluster), ClusterNames.COMPONENT_DATA_NODE))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(ClusterNames.dataNodeSelector(cluster))
        .withPorts(dataPlanePorts())
        .endSpec()
        .build();
  }

  /** The client Service: the Milvus endpoint, over the ready pods of every group. */
  public static Service clientService(VectorCluster vc) {
    String cluster = vc.getMetadata().getName();
    VectorClusterSpec spec = vc.getSpec();
    String type = spec.getService() == null || spec.getService().getType() == null ? "ClusterIP"
        : spec.getService().getType().name();
    ObjectMeta meta = meta(vc, ClusterNames.clientService(cluster), ClusterNames.COMPONENT_DATA_NODE);
    if (spec.getService() != null && spec.getService().getAnnotations() != null) {
      meta.setAnnotations(new LinkedHashMap<>(spec.getService().getAnnotations()));
    }
    return new ServiceBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withType(type)
        .withSelector(ClusterNames.dataNodeSelector(cluster))
        .withPorts(dataPlanePorts())
        .endSpec()
        .build();
  }

  /**
   * The default group's PodDisruptionBudget: at most one data-plane node of the group down at a time
   * for voluntary disruptions (drains), so replicas spread over nodes stay available.
   */
  public static PodDisruptionBudget podDisruptionBudget(VectorCluster vc) {
    String cluster = vc.getMetadata().getName();
    return new PodDisruptionBudgetBuilder()
        .withMetadata(meta(vc, ClusterNames.podDisruptionBudget(cluster), ClusterNames.COMPONENT_DATA_NODE))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector().withMatchLabels(ClusterNames.groupSelector(cluster, ClusterNames.DEFAULT_GROUP)).endSelector()
        .endSpec()
        .build();
  }

  /**
   * The Secret holding the token data-plane nodes present to each other. Made once with a random
   * token and never rewritten.
   */
  public static Secret internalSecret(VectorCluster vc, RandomGenerator random) {
    return new SecretBuilder()
        .withMetadata(meta(vc, ClusterNames.internalSecret(vc.getMetadata().getName()), ClusterNames.COMPONENT_DATA_NODE))
        .withType("Opaque")
        .withStringData(Map.of(INTERNAL_TOKEN_KEY, randomToken(random)))
        .build();
  }

  /**
   * The root-credentials Secret generated when auth is on and no rootSecretRef is given. Made once
   * with a random password and never rewritten.
   */
  public static Secret rootSecret(VectorCluster vc, RandomGenerator random) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(ROOT_USER_KEY, "root");
    data.put(ROOT_PASSWORD_KEY, randomToken(random));
    return new SecretBuilder()
        .withMetadata(meta(vc, ClusterNames.rootSecret(vc.getMetadata().getName()), ClusterNames.COMPONENT_DATA_NODE))
        .withType("Opaque")
        .withStringData(data)
        .build();
  }

  /** Whether the operator must generate the root Secret: auth on, and no Secret named. */
  public static boolean needsGeneratedRootSecret(VectorCluster vc) {
    var auth = vc.getSpec().getAuth();
    return auth != null && Boolean.TRUE.equals(auth.getEnabled()) && auth.getRootSecretRef() == null;
  }

  /** 32 random bytes, URL-safe base64 without padding (43 characters). */
  static String randomToken(RandomGenerator random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A strong random source for the Secrets. */
  public static RandomGenerator secureRandom() {
    return new SecureRandom();
  }
}
