package io.quiver.operator.vectorcluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.Samples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The exact objects the pure model produces for the VectorCluster samples, field by field. */
class DataPlaneObjectsTest {

  private final VectorCluster dev = Samples.load("vectorcluster-standalone.yaml", VectorCluster.class);
  private final VectorCluster prod = Samples.load("vectorcluster-ha.yaml", VectorCluster.class);

  private static Map<String, String> labels(String cluster, String component) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put("app.kubernetes.io/name", "quiver");
    l.put("app.kubernetes.io/instance", cluster);
    l.put("app.kubernetes.io/component", component);
    l.put("app.kubernetes.io/managed-by", "quiver-operator");
    return l;
  }

  @Test
  void configMapHoldsOnlyKeysTheServerKnows() {
    var cm = DataPlaneObjects.configMap(dev);
    assertThat(cm.getMetadata().getName()).isEqualTo("dev-config");
    assertThat(cm.getMetadata().getNamespace()).isEqualTo("quiver");
    assertThat(cm.getMetadata().getLabels()).isEqualTo(labels("dev", "data-node"));
    assertThat(cm.getData()).containsOnlyKeys("quiver.properties");
    assertThat(cm.getData().get("quiver.properties")).isEqualTo("""
        # Written by the Quiver operator; edit the VectorCluster instead.
        server.host=0.0.0.0
        server.port=19530
        storage.data-dir=/var/lib/quiver/data
        """);
  }

  @Test
  void headlessServiceSelectsEveryDataNodeAndPublishesNotReadyAddresses() {
    Service svc = DataPlaneObjects.headlessService(prod);
    assertThat(svc.getMetadata().getName()).isEqualTo("prod-nodes");
    assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(svc.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(svc.getSpec().getSelector()).containsExactly(Map.entry("app.kubernetes.io/name", "quiver"),
        Map.entry("app.kubernetes.io/instance", "prod"), Map.entry("app.kubernetes.io/component", "data-node"));
    assertPorts(svc.getSpec().getPorts());
  }

  @Test
  void clientServiceHasTheDeclaredTypeAnnotationsAndGrpcAndMetricsPorts() {
    Service svc = DataPlaneObjects.clientService(prod);
    assertThat(svc.getMetadata().getName()).isEqualTo("prod");
    assertThat(svc.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(svc.getMetadata().getAnnotations())
        .containsExactly(Map.entry("service.beta.kubernetes.io/aws-load-balancer-internal", "true"));
    assertThat(svc.getSpec().getClusterIP()).isNull();
    assertPorts(svc.getSpec().getPorts());
    assertThat(DataPlaneObjects.clientService(dev).getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(DataPlaneObjects.clientService(dev).getMetadata().getAnnotations()).isNullOrEmpty();
  }

  private static void assertPorts(List<ServicePort> ports) {
    assertThat(ports).hasSize(2);
    assertThat(ports.get(0).getName()).isEqualTo("grpc");
    assertThat(ports.get(0).getPort()).isEqualTo(19530);
    assertThat(ports.get(0).getTargetPort()).isEqualTo(new IntOrString("grpc"));
    assertThat(ports.get(0).getProtocol()).isEqualTo("TCP");
    assertThat(ports.get(1).getName()).isEqualTo("metrics");
    assertThat(ports.get(1).getPort()).isEqualTo(9091);
  }

  @Test
  void podDisruptionBudgetAllowsOneDefaultGroupNodeDown() {
    var pdb = DataPlaneObjects.podDisruptionBudget(prod);
    assertThat(pdb.getMetadata().getName()).isEqualTo("prod-default");
    assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    assertThat(pdb.getSpec().getMinAvailable()).isNull();
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry("quiver.io/resource-group", "default")
        .containsEntry("app.kubernetes.io/instance", "prod").hasSize(4);
  }

  @Test
  void secretsHoldRandomTokensAndTheRootSecretOnlyWhenAuthIsOnWithoutARef() {
    var internal = DataPlaneObjects.internalSecret(dev, new SplittableRandom(1));
    assertThat(internal.getMetadata().getName()).isEqualTo("dev-internal");
    assertThat(internal.getStringData().get("cluster-token")).hasSize(43);
    assertThat(DataPlaneObjects.internalSecret(dev, new SplittableRandom(2)).getStringData().get("cluster-token"))
        .isNotEqualTo(internal.getStringData().get("cluster-token"));
    var root = DataPlaneObjects.rootSecret(dev, new SplittableRandom(1));
    assertThat(root.getMetadata().getName()).isEqualTo("dev-root");
    assertThat(root.getStringData()).containsEntry("username", "root").containsKey("password");
    assertThat(DataPlaneObjects.needsGeneratedRootSecret(dev)).isFalse();
    assertThat(DataPlaneObjects.needsGeneratedRootSecret(prod)).isFalse();
    prod.getSpec().getAuth().setRootSecretRef(null);
    assertThat(DataPlaneObjects.needsGeneratedRootSecret(prod)).isTrue();
  }

  @Test
  void defaultGroupStatefulSetRunsStandaloneWithConfigVolumeProbesAndPlacement() {
    StatefulSet sts = DataPlaneStatefulSets.statefulSet(prod, DataPlaneStatefulSets.defaultGroup(prod));
    assertThat(sts.getMetadata().getName()).isEqualTo("prod-default");
    assertThat(sts.getMetadata().getLabels()).containsEntry("quiver.io/resource-group", "default")
        .containsEntry("app.kubernetes.io/managed-by", "quiver-operator");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("prod-nodes");
    assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(sts.getSpec().getSelector().getMatchLabels())
        .isEqualTo(ClusterNames.groupSelector("prod", "default"));
    var template = sts.getSpec().getTemplate();
    assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(sts.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/version", "0.1.0");
    assertThat(template.getMetadata().getAnnotations().get("quiver.io/config-hash"))
        .isEqualTo(DataPlaneConfig.hash(DataPlaneConfig.render())).hasSize(64);
    var pod = template.getSpec();
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("node.kubernetes.io/pool", "vectors"));
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
      assertThat(t.getKey()).isEqualTo("dedicated");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
    assertThat(pod.getVolumes()).singleElement().satisfies(v -> {
      assertThat(v.getName()).isEqualTo("config");
      assertThat(v.getConfigMap().getName()).isEqualTo("prod-config");
    });
    Container c = pod.getContainers().getFirst();
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(c.getName()).isEqualTo("quiver");
    assertThat(c.getImage()).isEqualTo("quiver/quiver:0.1.0");
    assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(c.getCommand()).containsExactly("quiver");
    assertThat(c.getArgs()).containsExactly("standalone", "--config", "/etc/quiver/quiver.properties");
    assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("grpc:19530", "metrics:9091");
    assertThat(c.getReadinessProbe().getTcpSocket().getPort()).isEqualTo(new IntOrString(19530));
    assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(5);
    assertThat(c.getLivenessProbe().getTcpSocket().getPort()).isEqualTo(new IntOrString(19530));
    assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("8Gi"));
    assertThat(c.getResources().getLimits()).containsExactly(Map.entry("memory", new Quantity("8Gi")));
    assertThat(c.getVolumeMounts()).extracting(m -> m.getName() + "@" + m.getMountPath())
        .containsExactly("config@/etc/quiver", "data@/var/lib/quiver");
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    var claim = sts.getSpec().getVolumeClaimTemplates().getFirst();
    assertThat(claim.getMetadata().getName()).isEqualTo("data");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests()).containsExactly(Map.entry("storage", new Quantity("50Gi")));
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
  }

  @Test
  void dataNodeEnvironmentCarriesClusterSettingsAndSecretsOnlyByReference() {
    StatefulSet sts = DataPlaneStatefulSets.statefulSet(prod, DataPlaneStatefulSets.defaultGroup(prod));
    Map<String, EnvVar> env = sts.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> a, LinkedHashMap::new));
    assertThat(env.keySet()).containsExactly("QUIVER_POD_NAME", "QUIVER_CLUSTER_NAME", "QUIVER_RESOURCE_GROUP",
        "QUIVER_NODES_SERVICE", "QUIVER_CLUSTER_TOKEN", "QUIVER_ETCD_ENDPOINTS", "QUIVER_ETCD_PREFIX",
        "QUIVER_OBJECT_STORE_ENDPOINT", "QUIVER_OBJECT_STORE_BUCKET", "QUIVER_OBJECT_STORE_PREFIX",
        "QUIVER_OBJECT_STORE_REGION", "QUIVER_OBJECT_STORE_ACCESS_KEY_ID", "QUIVER_OBJECT_STORE_SECRET_ACCESS_KEY",
        "QUIVER_AUTH_ENABLED", "QUIVER_ROOT_PASSWORD");
    assertThat(env.get("QUIVER_POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env.get("QUIVER_RESOURCE_GROUP").getValue()).isEqualTo("__default_resource_group");
    assertThat(env.get("QUIVER_ETCD_ENDPOINTS").getValue()).isEqualTo(
        "http://prod-etcd-0.prod-etcd.quiver.svc:2379,http://prod-etcd-1.prod-etcd.quiver.svc:2379,"
            + "http://prod-etcd-2.prod-etcd.quiver.svc:2379");
    assertThat(env.get("QUIVER_OBJECT_STORE_BUCKET").getValue()).isEqualTo("acme-quiver-prod");
    var accessKey = env.get("QUIVER_OBJECT_STORE_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef();
    assertThat(accessKey.getName() + "/" + accessKey.getKey()).isEqualTo("quiver-s3/accessKeyId");
    assertThat(env.get("QUIVER_OBJECT_STORE_ACCESS_KEY_ID").getValue()).isNull();
    var root = env.get("QUIVER_ROOT_PASSWORD").getValueFrom().getSecretKeyRef();
    assertThat(root.getName() + "/" + root.getKey()).isEqualTo("quiver-root/password");
    assertThat(env.get("QUIVER_AUTH_ENABLED").getValue()).isEqualTo("true");

    StatefulSet devSts = DataPlaneStatefulSets.statefulSet(dev, DataPlaneStatefulSets.defaultGroup(dev));
    assertThat(devSts.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()).extracting(EnvVar::getName)
        .containsExactly("QUIVER_POD_NAME", "QUIVER_CLUSTER_NAME", "QUIVER_RESOURCE_GROUP", "QUIVER_NODES_SERVICE",
            "QUIVER_CLUSTER_TOKEN", "QUIVER_AUTH_ENABLED");
    assertThat(devSts.getSpec().getReplicas()).isEqualTo(1);
    assertThat(devSts.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
    assertThat(devSts.getSpec().getVolumeClaimTemplates().getFirst().getSpec().getStorageClassName()).isNull();
  }

  @Test
  void managedEtcdHasThreeMembersBootstrappingFromTheirStableNames() {
    assertThat(ManagedEtcd.requested(prod)).isTrue();
    assertThat(ManagedEtcd.requested(dev)).isFalse();
    Service svc = ManagedEtcd.service(prod);
    assertThat(svc.getMetadata().getName()).isEqualTo("prod-etcd");
    assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(svc.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("client:2379", "peer:2380");
    StatefulSet sts = ManagedEtcd.statefulSet(prod);
    assertThat(sts.getMetadata().getName()).isEqualTo("prod-etcd");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("prod-etcd");
    assertThat(sts.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "etcd");
    Container etcd = sts.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(etcd.getImage()).isEqualTo("quay.io/coreos/etcd:v3.5.21");
    assertThat(etcd.getArgs()).contains("--name=$(POD_NAME)", "--initial-cluster-state=new",
        "--initial-cluster=prod-etcd-0=http://prod-etcd-0.prod-etcd.quiver.svc:2380,"
            + "prod-etcd-1=http://prod-etcd-1.prod-etcd.quiver.svc:2380,prod-etcd-2=http://prod-etcd-2.prod-etcd.quiver.svc:2380");
    assertThat(sts.getSpec().getVolumeClaimTemplates().getFirst().getSpec().getResources().getRequests())
        .containsExactly(Map.entry("storage", new Quantity("8Gi")));
  }
}
