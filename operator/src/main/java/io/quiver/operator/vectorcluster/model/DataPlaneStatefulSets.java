package io.quiver.operator.vectorcluster.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.quiver.crd.common.StorageSpec;
import io.quiver.crd.v1alpha1.vectorcluster.AuthSpec;
import io.quiver.crd.v1alpha1.vectorcluster.EtcdSpec;
import io.quiver.crd.v1alpha1.vectorcluster.ObjectStoreSpec;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.crd.v1alpha1.vectorcluster.VectorClusterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The StatefulSet of one resource group of a VectorCluster: the default group's (from the cluster's
 * spec) and each ResourceGroup's share this one builder, so their pods differ only in the group.
 *
 * <p>Every pod runs {@code quiver standalone --config /etc/quiver/quiver.properties}, mounts the
 * cluster's ConfigMap and its own volume, is ready when its gRPC port accepts connections, and gets
 * the cluster-mode settings as {@code QUIVER_*} environment variables (secrets by reference only).
 */
public final class DataPlaneStatefulSets {

  private DataPlaneStatefulSets() {}

  /** Name of the data-plane container. */
  public static final String CONTAINER = "quiver";
  /** Default volume size when the spec leaves it unset (the CRD schema's default). */
  public static final String DEFAULT_VOLUME_SIZE = "10Gi";
  /** Default S3 key names in the object-store Secret (the CRD schema's defaults). */
  static final String DEFAULT_ACCESS_KEY_ID_KEY = "accessKeyId";
  static final String DEFAULT_SECRET_ACCESS_KEY_KEY = "secretAccessKey";
  /** UID and GID the data-plane process runs as. */
  public static final long RUN_AS = 10001L;

  /** The default group's shape, from the cluster's own spec. */
  public static GroupShape defaultGroup(VectorCluster vc) {
    VectorClusterSpec spec = vc.getSpec();
    return new GroupShape(ClusterNames.DEFAULT_GROUP, ClusterNames.DEFAULT_GROUP_DATA_PLANE_NAME,
        spec.getReplicas() == null ? 1 : spec.getReplicas(), spec.getResources(), spec.getPlacement(), spec.getStorage());
  }

  /** The StatefulSet of {@code group} in {@code vc}. */
  public static StatefulSet statefulSet(VectorCluster vc, GroupShape group) {
    String cluster = vc.getMetadata().getName();
    Map<String, String> selector = ClusterNames.groupSelector(cluster, group.group());
    Map<String, String> labels = new LinkedHashMap<>(ClusterNames.clusterLabels(cluster, ClusterNames.COMPONENT_DATA_NODE));
    labels.put(ClusterNames.LABEL_GROUP, group.group());
    Map<String, String> podLabels = new LinkedHashMap<>(labels);
    podLabels.put(ClusterNames.LABEL_VERSION, vc.getSpec().getVersion());
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(ClusterNames.statefulSet(cluster, group.group()))
        .withNamespace(vc.getMetadata().getNamespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(group.nodes())
        .withServiceName(ClusterNames.headlessService(cluster))
        .withPodManagementPolicy("Parallel")
        .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
        .withNewSelector().withMatchLabels(selector).endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(Map.of(ClusterNames.CONFIG_HASH_ANNOTATION, DataPlaneConfig.hash(DataPlaneConfig.render())))
        .endMetadata()
        .withSpec(podSpec(vc, group))
        .endTemplate()
        .withVolumeClaimTemplates(volumeClaim(group.storage()))
        .endSpec()
        .build();
  }

  private static PodSpec podSpec(VectorCluster vc, GroupShape group) {
    VectorClusterSpec spec = vc.getSpec();
    PodSpecBuilder pod = new PodSpecBuilder()
        .withTerminationGracePeriodSeconds(30L)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS)
        .withRunAsGroup(RUN_AS)
        .withFsGroup(RUN_AS)
        .endSecurityContext()
        .withContainers(container(vc, group))
        .addNewVolume()
        .withName("config")
        .withNewConfigMap().withName(ClusterNames.configMap(vc.getMetadata().getName())).endConfigMap()
        .endVolume();
    if (spec.getImagePullSecrets() != null && !spec.getImagePullSecrets().isEmpty()) {
      pod.withImagePullSecrets(spec.getImagePullSecrets());
    }
    if (group.placement() != null) {
      if (group.placement().getNodeSelector() != null && !group.placement().getNodeSelector().isEmpty()) {
        pod.withNodeSelector(group.placement().getNodeSelector());
      }
      if (group.placement().getTolerations() != null && !group.placement().getTolerations().isEmpty()) {
        pod.withTolerations(group.placement().getTolerations());
      }
      if (group.placement().getAffinity() != null) {
        pod.withAffinity(group.placement().getAffinity());
      }
    }
    return pod.build();
  }

  private static Container container(VectorCluster vc, GroupShape group) {
    VectorClusterSpec spec = vc.getSpec();
    String image = (spec.getImage() == null ? "quiver/quiver" : spec.getImage()) + ":" + spec.getVersion();
    ContainerBuilder c = new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(image)
        .withImagePullPolicy(spec.getImagePullPolicy() == null ? "IfNotPresent" : spec.getImagePullPolicy().name())
        .withCommand("quiver")
        .withArgs("standalone", "--config", DataPlaneConfig.CONFIG_DIR + "/" + DataPlaneConfig.FILE_NAME)
        .addNewPort().withName("grpc").withContainerPort(ClusterNames.GRPC_PORT).withProtocol("TCP").endPort()
        .addNewPort().withName("metrics").withContainerPort(ClusterNames.METRICS_PORT).withProtocol("TCP").endPort()
        .withEnv(env(vc, group))
        .withNewReadinessProbe()
        .withNewTcpSocket().withPort(new IntOrString(ClusterNames.GRPC_PORT)).endTcpSocket()
        .withInitialDelaySeconds(5).withPeriodSeconds(5).withFailureThreshold(3)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewTcpSocket().withPort(new IntOrString(ClusterNames.GRPC_PORT)).endTcpSocket()
        .withInitialDelaySeconds(30).withPeriodSeconds(10).withFailureThreshold(6)
        .endLivenessProbe()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount().withName("config").withMountPath(DataPlaneConfig.CONFIG_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName("data").withMountPath(DataPlaneConfig.DATA_MOUNT).endVolumeMount();
    if (group.resources() != null) {
      c.withResources(group.resources());
    }
    return c.build();
  }

  /** The environment of a data-plane container, in a fixed order. */
  static List<EnvVar> env(VectorCluster vc, GroupShape group) {
    String cluster = vc.getMetadata().getName();
    VectorClusterSpec spec = vc.getSpec();
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName("QUIVER_POD_NAME")
        .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
    env.add(plain("QUIVER_CLUSTER_NAME", cluster));
    env.add(plain("QUIVER_RESOURCE_GROUP", group.dataPlaneName()));
    env.add(plain("QUIVER_NODES_SERVICE", ClusterNames.headlessService(cluster)));
    env.add(secretRef("QUIVER_CLUSTER_TOKEN", ClusterNames.internalSecret(cluster), DataPlaneObjects.INTERNAL_TOKEN_KEY));
    EtcdSpec etcd = spec.getEtcd();
    if (etcd != null) {
      env.add(plain("QUIVER_ETCD_ENDPOINTS", String.join(",", ManagedEtcd.clientEndpoints(vc))));
      env.add(plain("QUIVER_ETCD_PREFIX", etcd.getPrefix() == null ? "/quiver" : etcd.getPrefix()));
    }
    ObjectStoreSpec store = spec.getObjectStore();
    if (store != null) {
      env.add(plain("QUIVER_OBJECT_STORE_ENDPOINT", store.getEndpoint()));
      env.add(plain("QUIVER_OBJECT_STORE_BUCKET", store.getBucket()));
      if (store.getPrefix() != null) {
        env.add(plain("QUIVER_OBJECT_STORE_PREFIX", store.getPrefix()));
      }
      if (store.getRegion() != null) {
        env.add(plain("QUIVER_OBJECT_STORE_REGION", store.getRegion()));
      }
      var creds = store.getSecretRef();
      env.add(secretRef("QUIVER_OBJECT_STORE_ACCESS_KEY_ID", creds.getName(),
          creds.getAccessKeyIdKey() == null ? DEFAULT_ACCESS_KEY_ID_KEY : creds.getAccessKeyIdKey()));
      env.add(secretRef("QUIVER_OBJECT_STORE_SECRET_ACCESS_KEY", creds.getName(),
          creds.getSecretAccessKeyKey() == null ? DEFAULT_SECRET_ACCESS_KEY_KEY : creds.getSecretAccessKeyKey()));
    }
    AuthSpec auth = spec.getAuth();
    boolean authOn = auth != null && Boolean.TRUE.equals(auth.getEnabled());
    env.add(plain("QUIVER_AUTH_ENABLED", String.valueOf(authOn)));
    if (authOn) {
      if (auth.getRootSecretRef() != null) {
        String key = auth.getRootSecretRef().getKey() == null ? DataPlaneObjects.ROOT_PASSWORD_KEY
            : auth.getRootSecretRef().getKey();
        env.add(secretRef("QUIVER_ROOT_PASSWORD", auth.getRootSecretRef().getName(), key));
      } else {
        env.add(secretRef("QUIVER_ROOT_PASSWORD", ClusterNames.rootSecret(cluster), DataPlaneObjects.ROOT_PASSWORD_KEY));
      }
    }
    return env;
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar secretRef(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name)
        .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build();
  }

  static PersistentVolumeClaim volumeClaim(StorageSpec storage) {
    Quantity size = storage == null || storage.getSize() == null ? new Quantity(DEFAULT_VOLUME_SIZE) : storage.getSize();
    PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("data").endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources().withRequests(Map.of("storage", size)).endResources()
        .endSpec();
    if (storage != null && storage.getStorageClassName() != null) {
      claim.editSpec().withStorageClassName(storage.getStorageClassName()).endSpec();
    }
    return claim.build();
  }
}
