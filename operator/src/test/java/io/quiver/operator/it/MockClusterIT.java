package io.quiver.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quiver.crd.common.Condition;
import io.quiver.crd.common.HasConditions;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
import io.quiver.crd.v1alpha1.tenant.Tenant;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.Samples;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's Kubernetes side against the fabric8 CRUD mock API server (no server-side apply, no
 * admission, no controllers: {@link ClusterStandIns} plays the kubelet and the garbage collector).
 * Applies the samples and checks the objects, conditions and events; edits, deletion, a steady state
 * that writes nothing, convergence under injected 409/5xx answers, and a restart mid-reconcile. The
 * data plane is {@link InMemoryGroups} (ResourceGroups need their group there); the data-plane
 * scenarios against a real standalone server are {@link CollectionIT} and {@link DataPlaneIT}.
 */
class MockClusterIT {

  private static final String NS = "quiver";

  private MockCluster cluster;
  private FaultInjectingDispatcher dispatcher;
  private KubernetesClient harness;
  private final InMemoryGroups dataPlane = new InMemoryGroups();

  @BeforeEach
  void startServer() {
    cluster = new MockCluster();
    dispatcher = cluster.dispatcher;
    harness = cluster.harness;
  }

  @AfterEach
  void stopAll() {
    cluster.close();
  }

  private void startOperator() {
    cluster.startOperator(dataPlane, Map.of());
  }

  private <T extends HasMetadata> T apply(String sample, Class<T> type) {
    return harness.resource(Samples.load(sample, type)).create();
  }

  private void applySamples() {
    cluster.createSampleSecrets();
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
    cluster.stopOperator();
    dispatcher.clearWrites();
    cluster.reconciliations.set(0);
    startOperator();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.reconciliations.get() >= 4);
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
    cluster.stopOperator();
    assertThat(managedObjects()).isSubsetOf(EXPECTED);
    startOperator();
    awaitAllReady(Duration.ofSeconds(60));
    assertThat(managedObjects()).isEqualTo(EXPECTED);
  }
}
