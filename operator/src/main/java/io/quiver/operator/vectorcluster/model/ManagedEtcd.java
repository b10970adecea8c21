package io.quiver.operator.vectorcluster.model;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.quiver.crd.v1alpha1.vectorcluster.ManagedEtcdSpec;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * The managed etcd of a VectorCluster: a headless Service and a StatefulSet of 1 or 3 members that
 * bootstrap a static cluster from their stable DNS names ({@code <cluster>-etcd-N.<cluster>-etcd}).
 */
public final class ManagedEtcd {

  private ManagedEtcd() {}

  /** Default etcd image (the CRD schema's default). */
  public static final String DEFAULT_IMAGE = "quay.io/coreos/etcd:v3.5.21";
  /** Where each member keeps its data. */
  public static final String DATA_DIR = "/var/lib/etcd";

  /** Whether the cluster asks for a managed etcd. */
  public static boolean requested(VectorCluster vc) {
    return vc.getSpec().getEtcd() != null && vc.getSpec().getEtcd().getManaged() != null;
  }

  static int members(VectorCluster vc) {
    Integer members = vc.getSpec().getEtcd().getManaged().getMembers();
    return members == null ? 1 : members;
  }

  /** The client URLs the data plane connects to: the given endpoints, or every managed member's. */
  public static List<String> clientEndpoints(VectorCluster vc) {
    if (!requested(vc)) {
      return vc.getSpec().getEtcd() == null || vc.getSpec().getEtcd().getEndpoints() == null ? List.of()
          : vc.getSpec().getEtcd().getEndpoints();
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < members(vc); i++) {
      urls.add("http://" + memberHost(vc, i) + ":" + ClusterNames.ETCD_CLIENT_PORT);
    }
    return urls;
  }

  private static String memberHost(VectorCluster vc, int ordinal) {
    String name = ClusterNames.etcd(vc.getMetadata().getName());
    return name + "-" + ordinal + "." + name + "." + vc.getMetadata().getNamespace() + ".svc";
  }

  /** The {@code --initial-cluster} value: every member's name and peer URL. */
  static String initialCluster(VectorCluster vc) {
    List<String> peers = new ArrayList<>();
    for (int i = 0; i < members(vc); i++) {
      peers.add(ClusterNames.etcd(vc.getMetadata().getName()) + "-" + i + "=http://" + memberHost(vc, i) + ":"
          + ClusterNames.ETCD_PEER_PORT);
    }
    return String.join(",", peers);
  }

  /** The headless Service of the members. */
  public static Service service(VectorCluster vc) {
    String cluster = vc.getMetadata().getName();
    return new ServiceBuilder()
        .withMetadata(DataPlaneObjects.meta(vc, ClusterNames.etcd(cluster), ClusterNames.COMPONENT_ETCD))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(ClusterNames.etcdSelector(cluster))
        .addNewPort().withName("client").withProtocol("TCP").withPort(ClusterNames.ETCD_CLIENT_PORT)
        .withTargetPort(new IntOrString("client")).endPort()
        .addNewPort().withName("peer").withProtocol("TCP").withPort(ClusterNames.ETCD_PEER_PORT)
        .withTargetPort(new IntOrString("peer")).endPort()
        .endSpec()
        .build();
  }

  /** The members' StatefulSet. */
  public static StatefulSet statefulSet(VectorCluster vc) {
    String cluster = vc.getMetadata().getName();
    String name = ClusterNames.etcd(cluster);
    ManagedEtcdSpec managed = vc.getSpec().getEtcd().getManaged();
    String image = managed.getImage() == null ? DEFAULT_IMAGE : managed.getImage();
    String self = "$(POD_NAME)." + name + "." + vc.getMetadata().getNamespace() + ".svc";
    var container = new io.fabric8.kubernetes.api.model.ContainerBuilder()
        .withName("etcd")
        .withImage(image)
        .withCommand("etcd")
        .withArgs(
            "--name=$(POD_NAME)",
            "--data-dir=" + DATA_DIR + "/data",
            "--listen-client-urls=http://0.0.0.0:" + ClusterNames.ETCD_CLIENT_PORT,
            "--advertise-client-urls=http://" + self + ":" + ClusterNames.ETCD_CLIENT_PORT,
            "--listen-peer-urls=http://0.0.0.0:" + ClusterNames.ETCD_PEER_PORT,
            "--initial-advertise-peer-urls=http://" + self + ":" + ClusterNames.ETCD_PEER_PORT,
            "--initial-cluster=" + initialCluster(vc),
            "--initial-cluster-state=new",
            "--initial-cluster-token=" + cluster + "-" + vc.getMetadata().getNamespace())
        .withEnv(new EnvVarBuilder().withName("POD_NAME")
            .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().build())
        .addNewPort().withName("client").withContainerPort(ClusterNames.ETCD_CLIENT_PORT).withProtocol("TCP").endPort()
        .addNewPort().withName("peer").withContainerPort(ClusterNames.ETCD_PEER_PORT).withProtocol("TCP").endPort()
        .withNewReadinessProbe()
        .withNewHttpGet().withPath("/health").withPort(new IntOrString(ClusterNames.ETCD_CLIENT_PORT)).endHttpGet()
        .withInitialDelaySeconds(5).withPeriodSeconds(5)
        .endReadinessProbe()
        .addNewVolumeMount().withName("data").withMountPath(DATA_DIR).endVolumeMount();
    if (managed.getResources() != null) {
      container.withResources(managed.getResources());
    }
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(vc.getMetadata().getNamespace())
        .withLabels(ClusterNames.clusterLabels(cluster, ClusterNames.COMPONENT_ETCD))
        .endMetadata()
        .withNewSpec()
        .withReplicas(members(vc))
        .withServiceName(name)
        .withPodManagementPolicy("Parallel")
        .withNewSelector().withMatchLabels(ClusterNames.etcdSelector(cluster)).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(ClusterNames.clusterLabels(cluster, ClusterNames.COMPONENT_ETCD)).endMetadata()
        .withNewSpec().withContainers(container.build()).endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(DataPlaneStatefulSets.volumeClaim(managed.getStorage()))
        .endSpec()
        .build();
  }
}
