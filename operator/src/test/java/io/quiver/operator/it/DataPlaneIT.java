package io.quiver.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.quiver.crd.common.Condition;
import io.quiver.crd.common.HasConditions;
import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKey;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.Samples;
import io.quiver.operator.dataplane.MilvusDataPlaneConnector;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a standalone data plane cannot do yet, as the operator reports it: ResourceGroups other than
 * the default group, EncryptionKeys, and Collections waiting for their key, their groups or their
 * cluster. The operator on the CRUD mock API server, a real {@code quiver standalone} as the data plane
 * of VectorCluster {@code prod}.
 */
class DataPlaneIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  private static final String NS = MockCluster.NS;
  private static MilvusClientV2 sdk;

  private MockCluster cluster;
  private CountingConnector dataPlane;

  @BeforeAll
  static void connectSdk() {
    sdk = new MilvusClientV2(ConnectConfig.builder().uri(QUIVER.uri()).build());
  }

  @AfterAll
  static void closeSdk() {
    if (sdk != null) {
      sdk.close();
    }
  }

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    dataPlane = new CountingConnector(new MilvusDataPlaneConnector(Duration.ofSeconds(5)));
    cluster.createSampleSecrets();
    cluster.create(Samples.load("vectorcluster-ha.yaml", VectorCluster.class));
    cluster.startOperator(dataPlane, MockCluster.prodAt(QUIVER.address()));
  }

  @AfterEach
  void stop() {
    cluster.close();
    dataPlane.close();
  }

  private <T extends HasMetadata> T get(Class<T> type, String name) {
    return cluster.harness.resources(type).inNamespace(NS).withName(name).get();
  }

  private static Condition condition(HasMetadata resource, String type) {
    if (!(resource instanceof CustomResource<?, ?> cr) || !(cr.getStatus() instanceof HasConditions status)
        || status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
  }

  private static String summary(HasMetadata resource, String type) {
    Condition c = condition(resource, type);
    return c == null ? null : c.getStatus() + "/" + c.getReason();
  }

  private List<Event> events(String name) {
    return cluster.harness.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(name)).toList();
  }

  private void createKeySecret(String name, byte[] key) {
    cluster.create(new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .addToData("key", Base64.getEncoder().encodeToString(key)).build());
  }

  @Test
  void aResourceGroupIsDegradedWithTheDataPlanesMessageWhenTheDataPlaneHasNoGroups() {
    cluster.create(Samples.load("resourcegroup.yaml", ResourceGroup.class));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      ResourceGroup group = get(ResourceGroup.class, "search-pool");
      assertThat(summary(group, Condition.DEGRADED)).isEqualTo("True/DataPlaneUnsupported");
      assertThat(condition(group, Condition.DEGRADED).getMessage()).contains("CreateResourceGroup")
          .contains("CreateResourceGroup is not supported by Quiver yet");
      assertThat(summary(group, Condition.READY)).isEqualTo("False/DataPlaneUnsupported");
      assertThat(summary(group, Condition.PROGRESSING)).startsWith("False/");
    });
    assertThat(cluster.harness.apps().statefulSets().inNamespace(NS).withName("prod-search-pool").get())
        .as("the Kubernetes side is still made").isNotNull();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("search-pool"))
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo("DataPlaneUnsupported");
        }));

    cluster.harness.resources(ResourceGroup.class).inNamespace(NS).withName("search-pool").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(ResourceGroup.class, "search-pool") == null);
    assertThat(dataPlane.writes()).doesNotContain("dropResourceGroup");
  }

  @Test
  void aResourceGroupForTheDefaultGroupMapsToTheGroupTheDataPlaneHas() {
    ResourceGroup group = Samples.load("resourcegroup.yaml", ResourceGroup.class);
    group.getMetadata().setName("default-pool");
    group.getSpec().setGroupName("__default_resource_group");
    group.getSpec().setNodes(1);
    cluster.create(group);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      ResourceGroup g = get(ResourceGroup.class, "default-pool");
      assertThat(summary(g, Condition.READY)).isEqualTo("True/Ready");
      assertThat(condition(g, Condition.READY).getMessage()).contains("group __default_resource_group has 1 node(s)");
      assertThat(g.getStatus().getGroupName()).isEqualTo("__default_resource_group");
    });
    assertThat(dataPlane.writes()).as("the existing group is neither created nor updated").isEmpty();

    cluster.harness.resources(ResourceGroup.class).inNamespace(NS).withName("default-pool").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(ResourceGroup.class, "default-pool") == null);
    assertThat(dataPlane.writes()).as("the default group is never dropped").isEmpty();
  }

  @Test
  void anEncryptionKeyIsDegradedUntilTheDataPlaneTakesKeysAndABadSecretIsReportedFirst() {
    byte[] key = new byte[32];
    new Random(1).nextBytes(key);
    createKeySecret("acme-kek", key);
    cluster.create(Samples.load("encryptionkey.yaml", EncryptionKey.class));
    EncryptionKey shortKey = Samples.load("encryptionkey.yaml", EncryptionKey.class);
    shortKey.getMetadata().setName("short-key");
    shortKey.getSpec().getKeySource().getSecretRef().setName("short-kek");
    createKeySecret("short-kek", new byte[16]);
    cluster.create(shortKey);
    EncryptionKey missing = Samples.load("encryptionkey.yaml", EncryptionKey.class);
    missing.getMetadata().setName("missing-key");
    missing.getSpec().getKeySource().getSecretRef().setName("no-such-secret");
    cluster.create(missing);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      EncryptionKey acme = get(EncryptionKey.class, "acme-key");
      assertThat(summary(acme, Condition.DEGRADED)).isEqualTo("True/DataPlaneUnsupported");
      assertThat(condition(acme, Condition.DEGRADED).getMessage())
          .contains("does not support customer encryption keys (BYOK) yet").contains("tenant acme")
          .doesNotContain(Base64.getEncoder().encodeToString(key));
      assertThat(summary(acme, Condition.READY)).isEqualTo("False/DataPlaneUnsupported");
      assertThat(acme.getStatus().getPhase()).isNull();

      EncryptionKey tooShort = get(EncryptionKey.class, "short-key");
      assertThat(summary(tooShort, Condition.DEGRADED)).isEqualTo("True/KeyMaterialInvalid");
      assertThat(condition(tooShort, Condition.DEGRADED).getMessage()).contains("must be 256 bits");

      EncryptionKey absent = get(EncryptionKey.class, "missing-key");
      assertThat(summary(absent, Condition.DEGRADED)).isEqualTo("True/KeyMaterialInvalid");
      assertThat(condition(absent, Condition.DEGRADED).getMessage()).contains("no-such-secret");
    });
  }

  @Test
  void aCollectionWithAnEncryptionKeyWaitsForItsKeyAndWritesNothingUnencrypted() {
    createKeySecret("acme-kek", new byte[32]);
    cluster.create(Samples.load("encryptionkey.yaml", EncryptionKey.class));
    Collection c = Samples.load("collection.yaml", Collection.class);
    c.getSpec().setDatabase("keyed");
    c.getSpec().setReplicas(1);
    c.getSpec().setResourceGroups(null);
    cluster.create(c);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Collection now = get(Collection.class, "products");
      assertThat(summary(now, Condition.DEGRADED)).isEqualTo("True/EncryptionKeyNotReady");
      assertThat(condition(now, Condition.DEGRADED).getMessage()).contains("EncryptionKey acme-key is not ready")
          .contains("DataPlaneUnsupported").contains("no data is written unencrypted");
      assertThat(summary(now, Condition.READY)).isEqualTo("False/EncryptionKeyNotReady");
    });
    assertThat(sdk.listDatabases().getDatabaseNames()).doesNotContain("keyed");
    assertThat(dataPlane.writes()).doesNotContain("createCollection", "createDatabase");
  }

  @Test
  void aCollectionNamingAMissingResourceGroupSaysWhichAndCreatesNothingUntilItExists() {
    Collection c = Samples.load("collection.yaml", Collection.class);
    c.getSpec().setDatabase("grouped");
    c.getSpec().setReplicas(1);
    c.getSpec().setEncryptionKeyRef(null);
    cluster.create(c);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Collection now = get(Collection.class, "products");
      assertThat(summary(now, Condition.DEGRADED)).isEqualTo("True/ResourceGroupNotFound");
      assertThat(condition(now, Condition.DEGRADED).getMessage()).contains("ResourceGroup search-pool");
    });
    assertThat(sdk.listDatabases().getDatabaseNames()).as("not even the database is created").doesNotContain("grouped");
  }

  @Test
  void aCollectionWaitsForItsClusterToBeReadyWithoutCallingTheDataPlane() {
    cluster.standIns.close(); // no kubelet: the cluster's pods never become ready
    cluster.create(Samples.load("vectorcluster-standalone.yaml", VectorCluster.class));
    Collection c = Samples.load("collection.yaml", Collection.class);
    c.getMetadata().setName("waiting");
    c.getSpec().getClusterRef().setName("dev");
    c.getSpec().setReplicas(1);
    c.getSpec().setResourceGroups(null);
    c.getSpec().setEncryptionKeyRef(null);
    dataPlane.clear();
    cluster.create(c);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Collection now = get(Collection.class, "waiting");
      assertThat(summary(now, Condition.READY)).isEqualTo("False/ClusterNotReady");
      assertThat(summary(now, Condition.PROGRESSING)).isEqualTo("True/ClusterNotReady");
      assertThat(summary(now, Condition.DEGRADED)).isEqualTo("False/AsExpected");
      assertThat(condition(now, Condition.READY).getMessage()).contains("waiting for VectorCluster dev");
    });
    assertThat(dataPlane.calls()).as("nothing is called while the cluster is not ready").isEmpty();

    cluster.harness.resources(Collection.class).inNamespace(NS).withName("waiting").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(Collection.class, "waiting") == null);
  }
}
