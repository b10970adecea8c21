package io.quiver.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.quiver.crd.v1alpha1.tenant.Tenant;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.OperatorConfig;
import io.quiver.operator.QuiverOperator;
import io.quiver.operator.Samples;
import io.quiver.operator.dataplane.DataPlaneConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The operator against a real API server (k3s): real schema validation of the generated CRDs, real
 * garbage collection and the real StatefulSet controller. Skipped where no Docker engine exists.
 * The data-plane image is not pulled here, so pods do not become ready: the scenarios check objects,
 * conditions, edits and deletion, not readiness.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sClusterIT {

  @Container
  static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  private static KubernetesClient client;
  private static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build();
    try (Stream<Path> crds = Files.list(Samples.repoRoot().resolve("crds/generated"))) {
      for (Path crd : crds.sorted().toList()) {
        client.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).serverSideApply();
      }
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("quiver").endMetadata().build())
        .serverSideApply();
    operator = QuiverOperator.create(client, OperatorConfig.fromEnv(Map.of(OperatorConfig.LEADER_ELECTION, "false")),
        DataPlaneConnector.unavailable(), Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void samplesAreAcceptedByTheApiServerAndYieldTheirObjects() {
    client.resource(Samples.load("vectorcluster-standalone.yaml", VectorCluster.class)).create();
    client.resource(Samples.load("tenant.yaml", Tenant.class)).create();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(client.apps().statefulSets().inNamespace("quiver").withName("dev-default").get()).isNotNull();
      assertThat(client.services().inNamespace("quiver").withName("dev").get()).isNotNull();
      assertThat(client.namespaces().withName("tenant-acme").get()).isNotNull();
      VectorCluster dev = client.resources(VectorCluster.class).inNamespace("quiver").withName("dev").get();
      assertThat(dev.getStatus()).isNotNull();
      assertThat(dev.getStatus().getConditions()).extracting(c -> c.getType()).contains("Ready", "Progressing", "Degraded");
    });
  }

  @Test
  void editingAndDeletingAClusterConvergesThroughTheRealGarbageCollector() {
    VectorCluster cluster = Samples.load("vectorcluster-standalone.yaml", VectorCluster.class);
    cluster.getMetadata().setName("edit");
    client.resource(cluster).create();
    await().atMost(Duration.ofSeconds(60)).until(() ->
        client.apps().statefulSets().inNamespace("quiver").withName("edit-default").get() != null);
    VectorCluster current = client.resources(VectorCluster.class).inNamespace("quiver").withName("edit").get();
    current.getSpec().setVersion("0.2.0");
    client.resource(current).update();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client.apps().statefulSets().inNamespace("quiver")
        .withName("edit-default").get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("quiver/quiver:0.2.0"));
    client.resources(VectorCluster.class).inNamespace("quiver").withName("edit").delete();
    await().atMost(Duration.ofSeconds(60)).until(() ->
        client.apps().statefulSets().inNamespace("quiver").withName("edit-default").get() == null
            && client.configMaps().inNamespace("quiver").withName("edit-config").get() == null);
  }
}
