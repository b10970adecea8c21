package io.quiver.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.quiver.crd.common.Condition;
import io.quiver.crd.common.HasConditions;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import io.fabric8.kubernetes.client.CustomResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against the fabric8 CRUD mock API server (no server-side apply, no admission, no
 * controllers: {@link ClusterStandIns} plays the kubelet and the garbage collector). Applies the
 * samples and checks the objects, conditions and events; edits, deletion, a steady state that writes
 * nothing, convergence under injected 409/5xx answers, and a restart mid-reconcile.
 */
class MockClusterIT {

  private static final String NS = "quiver";

  private KubernetesMockServer server;
  private FaultInjectingDispatcher dispatcher;
  private KubernetesClient client;
  private KubernetesClient harness;
  private ClusterStandIns standIns;
  private Operator operator;
  private final AtomicInteger reconciliations = new AtomicInteger();

  @BeforeEach
  void startServer() throws Exception {
    dispatcher = new FaultInjectingDispatcher(new KubernetesCrudDispatcher(List.of()));
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client = server.createClient();
    Config harnessConfig = new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
        .withCustomHeaders(Map.of(FaultInjectingDispatcher.HARNESS_HEADER, "true")).build();
    harness = new KubernetesClientBuilder().withConfig(harnessConfig).build();
    try (Stream<Path> crds = Files.list(Samples.repoRoot().resolve("crds/generated"))) {
      for (Path crd : crds.sorted().toList()) {
        harness.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
      }
    }
    harness.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    standIns = new ClusterStandIns(harness);
  }

  @AfterEach
  void stopAll() {
    if (operator != null) {
      operator.stop();
    }
    standIns.close();
    harness.close();
    client.close();
    server.destroy();
  }

  private void startOperator() {
    OperatorConfig config = OperatorConfig.fromEnv(Map.of(OperatorConfig.LEADER_ELECTION, "false"));
    operator = QuiverOperator.create(client, config, DataPlaneConnector.unavailable(), Clock.systemUTC(), new Metrics() {
      @Override
      public void reconciliationFinished(HasMetadata resource, io.javaoperatorsdk.operator.api.reconciler.RetryInfo retry,
          Map<String, Object> metadata) {
        reconciliations.incrementAndGet();
      }
    });
    operator.start();
  }

  private <T extends HasMetadata> T apply(String sample, Class<T> type) {
    return harness.resource(Samples.load(sample, type)).create();
  }

  private void applySamples() {
    apply("vectorcluster-standalone.yaml", VectorCluster.class);
    apply("vectorcluster-ha.yaml", VectorCluster.class);
    apply("resourcegroup.yaml", ResourceGroup.class);
    apply("tenant.yaml", Tenant.class);
  }

  private static boolean isReady(HasMetadata resource) {
    if (!(resource instanceof CustomResource<?, ?> cr) || !(cr.getStatus() instanceof HasConditions status)
        || status.getConditions() == null) {
      return false;
    }
    return status.getConditions().stream().anyMatch(c -> c.getType().equals(Condition.READY)
        && c.getStatus().equals(Condition.TRUE) && c.getObservedGeneration().equals(resource.getMetadata().getGeneration()));
  }

  private List<HasMetadata> primaries() {
    return Stream.of(
        harness.resources(VectorCluster.class).inNamespace(NS).list().getItems(),
        harness.resources(ResourceGroup.class).inNamespace(NS).list().getItems(),
        harness.resources(Tenant.class).list().getItems())
        .<HasMetadata>flatMap(List::stream).toList();
  }

  private void awaitAllReady(Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      List<HasMetadata> all = primaries();
      assertThat(all).hasSize(4);
      assertThat(all).allSatisfy(r -> assertThat(isReady(r)).as(r.getKind() + " " + r.getMetadata().getName() + " "
          + ((CustomResource<?, ?>) r).getStatus()).isTrue());
    });
  }

  /** Every object the operator made, as "Kind namespace/name". */
  private Set<String> managedObjects() {
    Set<String> names = new TreeSet<>();
    Stream.of(harness.apps().statefulSets().inAnyNamespace().list().getItems(),
        harness.services().inAnyNamespace().list().getItems(),
        harness.configMaps().inAnyNamespace().list().getItems(),
        harness.secrets().inAnyNamespace().list().getItems(),
        harness.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems(),
        harness.resourceQuotas().inAnyNamespace().list().getItems(),
        harness.network().v1().networkPolicies().inAnyNamespace().list().getItems(),
        harness.namespaces().list().getItems())
        .<HasMetadata>flatMap(List::stream)
        .filter(o -> o.getMetadata().getLabels() != null
            && "quiver-operator".equals(o.getMetadata().getLabels().get("app.kubernetes.io/managed-by")))
        .forEach(o -> names.add(o.getKind() + " " + (o.getMetadata().getNamespace() == null ? ""
            : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName()));
    return names;
  }

  private static final Set<String> EXPECTED = new TreeSet<>(Set.of(
      "ConfigMap quiver/dev-config", "ConfigMap quiver/prod-config",
      "Secret quiver/dev-internal", "Secret quiver/prod-internal",
      "Service quiver/dev", "Service quiver/dev-nodes", "Service quiver/prod", "Service quiver/prod-nodes",
      "Service quiver/prod-etcd",
      "StatefulSet quiver/dev-default", "StatefulSet quiver/prod-default", "StatefulSet quiver/prod-etcd",
      "StatefulSet quiver/prod-search-pool",
      "PodDisruptionBudget quiver/dev-default", "PodDisruptionBudget quiver/prod-default",
      "Namespace tenant-acme", "ResourceQuota tenant-acme/quiver-tenant-quota",
      "NetworkPolicy tenant-acme/quiver-tenant-isolation"));

  @Test
  void applyingTheSamplesYieldsTheExpectedObjectsReadyConditionsAndEvents() {
    startOperator();
    applySamples();
    awaitAllReady(Duration.ofSeconds(60));
    assertThat(managedObjects()).isEqualTo(EXPECTED);

    VectorCluster prod = harness.resources(VectorCluster.class).inNamespace(NS).withName("prod").get();
    assertThat(prod.getStatus().getEndpoint()).isEqualTo("prod.quiver.svc:19530");
    assertThat(prod.getStatus().getReadyNodes()).isEqualTo(3);
    assertThat(prod.getStatus().getVersion()).isEqualTo("0.1.0");
    assertThat(prod.getStatus().getObservedGeneration()).isEqualTo(prod.getMetadata().getGeneration());
    assertThat(prod.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Ready=True/Ready", "Progressing=False/UpToDate", "Degraded=False/AsExpected");
    assertThat(prod.getStatus().getConditions()).allSatisfy(c -> assertThat(c.getLastTransitionTime()).isNotBlank());

    var sts = harness.apps().statefulSets().inNamespace(NS).withName("prod-default").get();
    assertThat(sts.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("VectorCluster");
      assertThat(o.getUid()).isEqualTo(prod.getMetadata().getUid());
      assertThat(o.getApiVersion()).isEqualTo("quiver.io/v1alpha1");
    });
    Tenant acme = harness.resources(Tenant.class).withName("acme").get();
    assertThat(acme.getStatus().getNamespace()).isEqualTo("tenant-acme");
    assertThat(acme.getStatus().getEndpoint()).isEqualTo("prod.quiver.svc:19530");
    ResourceGroup pool = harness.resources(ResourceGroup.class).inNamespace(NS).withName("search-pool").get();
    assertThat(pool.getStatus().getReadyNodes()).isEqualTo(2);
    assertThat(pool.getStatus().getGroupName()).isEqualTo("search_pool");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        harness.v1().events().inNamespace(NS).list().getItems())
        .filteredOn(e -> e.getInvolvedObject().getName().equals("prod") && e.getReason().equals("Ready"))
        .isNotEmpty());
    assertThat(harness.v1().events().inNamespace(NS).list().getItems())
        .allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("quiver-operator"));
  }

  @Test
  void secondReconcileOfUnchangedResourcesWritesNothing() {
    startOperator();
    applySamples();
    awaitAllReady(Duration.ofSeconds(60));
    operator.stop();
    dispatcher.clearWrites();
    reconciliations.set(0);
    startOperator();
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciliations.get() >= 4);
    assertThat(dispatcher.writes()).as("writes of a reconcile of unchanged resources").isEmpty();
  }

  @Test
  void editingASpecConverges() {
    startOperator();
    applySamples();
    awaitAllReady(Duration.ofSeconds(60));
    VectorCluster dev = harness.resources(VectorCluster.class).inNamespace(NS).withName("dev").get();
    dev.getSpec().setReplicas(2);
    dev.getSpec().setVersion("0.2.0");
    harness.resource(dev).update();
    Tenant acme = harness.resources(Tenant.class).withName("acme").get();
    acme.getSpec().getQuotas().setCpu(new io.fabric8.kubernetes.api.model.Quantity("16"));
    harness.resource(acme).update();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var sts = harness.apps().statefulSets().inNamespace(NS).withName("dev-default").get();
      assertThat(sts.getSpec().getReplicas()).isEqualTo(2);
      assertThat(sts.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("quiver/quiver:0.2.0");
      var quota = harness.resourceQuotas().inNamespace("tenant-acme").withName("quiver-tenant-quota").get();
      assertThat(quota.getSpec().getHard().get("requests.cpu").toString()).isEqualTo("16");
      VectorCluster now = harness.resources(VectorCluster.class).inNamespace(NS).withName("dev").get();
      assertThat(now.getStatus().getReadyNodes()).isEqualTo(2);
      assertThat(now.getStatus().getVersion()).isEqualTo("0.2.0");
      assertThat(isReady(now)).isTrue();
    });
  }

  @Test
  void deletingResourcesCleansUpTheirObjects() {
    startOperator();
    applySamples();
    awaitAllReady(Duration.ofSeconds(60));
    harness.resources(Tenant.class).withName("acme").delete();
    harness.resources(ResourceGroup.class).inNamespace(NS).withName("search-pool").delete();
    harness.resources(VectorCluster.class).inNamespace(NS).withName("dev").delete();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(managedObjects()).isEqualTo(new TreeSet<>(Set.of(
        "ConfigMap quiver/prod-config", "Secret quiver/prod-internal", "Service quiver/prod", "Service quiver/prod-nodes",
        "Service quiver/prod-etcd", "StatefulSet quiver/prod-default", "StatefulSet quiver/prod-etcd",
        "PodDisruptionBudget quiver/prod-default"))));
  }

  @Test
  void everyResourceConvergesWithConflictsAndServerErrorsInjected() {
    startOperator();
    dispatcher.inject(0.20, 0.10);
    applySamples();
    awaitAllReady(Duration.ofSeconds(60));
    dispatcher.inject(0, 0);
    assertThat(dispatcher.injectedFaults()).isGreaterThan(10);
    assertThat(managedObjects()).isEqualTo(EXPECTED);
  }

  @Test
  void operatorStoppedMidReconcileConvergesAfterRestartWithoutDuplicatesOrLeaks() {
    startOperator();
    applySamples();
    await().atMost(Duration.ofSeconds(30)).until(() -> !harness.apps().statefulSets().inNamespace(NS).list().getItems().isEmpty());
    operator.stop();
    assertThat(managedObjects()).isSubsetOf(EXPECTED);
    startOperator();
    awaitAllReady(Duration.ofSeconds(60));
    assertThat(managedObjects()).isEqualTo(EXPECTED);
  }
}
