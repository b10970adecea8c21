package io.quiver.operator.it;

import static io.quiver.operator.it.StandaloneCollections.condition;
import static io.quiver.operator.it.StandaloneCollections.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.ListCollectionsReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.crd.v1alpha1.collection.DataType;
import io.quiver.crd.v1alpha1.collection.DeletionPolicy;
import io.quiver.crd.v1alpha1.collection.FieldSpec;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.OperatorConfig;
import io.quiver.operator.QuiverOperator;
import io.quiver.operator.Samples;
import io.quiver.operator.dataplane.MilvusDataPlaneConnector;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The collection scenarios of {@link CollectionIT} against a real API server (k3s): the generated
 * CRD's schema and CEL rules, real finalizers and status subresources. The data plane is a
 * {@code quiver standalone} on this machine, which the operator (also running here) reaches through its
 * endpoint override; the cluster's own pods are not needed (the image is not pulled). Injected API
 * faults have no k3s counterpart; a steady state is checked by the Collection's resourceVersion and its
 * Events standing still, and by the data-plane writes. Skipped where no Docker engine exists.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sDataPlaneIT {

  @Container
  static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  /**
   * Started by hand, not registered: registering it would make JUnit read this class's static fields,
   * and so create the k3s container, before the Docker check could skip the class.
   */
  private static QuiverStandaloneExtension quiver;

  private static final String NS = "quiver";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static KubernetesClient client;
  private static MilvusClientV2 sdk;

  private CountingConnector dataPlane;
  private Operator operator;
  private String db;

  @BeforeAll
  static void start() throws Exception {
    quiver = QuiverStandaloneExtension.create();
    quiver.start();
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build();
    try (Stream<Path> crds = Files.list(Samples.repoRoot().resolve("crds/generated"))) {
      for (Path crd : crds.sorted().toList()) {
        client.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).serverSideApply();
      }
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    client.resource(new SecretBuilder().withNewMetadata().withName("quiver-root").withNamespace(NS).endMetadata()
        .addToData("password", Base64.getEncoder().encodeToString("root-password".getBytes(StandardCharsets.UTF_8)))
        .build()).serverSideApply();
    client.resource(Samples.load("vectorcluster-ha.yaml", VectorCluster.class)).serverSideApply();
    sdk = new MilvusClientV2(ConnectConfig.builder().uri(quiver.uri()).build());
  }

  @AfterAll
  static void stopAll() {
    if (quiver != null) {
      quiver.close();
    }
    if (sdk != null) {
      sdk.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @BeforeEach
  void startOperator() {
    dataPlane = new CountingConnector(new MilvusDataPlaneConnector(Duration.ofSeconds(5)));
    db = "k3s_" + DATABASES.incrementAndGet();
    runOperator();
  }

  private void runOperator() {
    Map<String, String> env = new HashMap<>(MockCluster.prodAt(quiver.address()));
    env.put(OperatorConfig.LEADER_ELECTION, "false");
    operator = QuiverOperator.create(client, OperatorConfig.fromEnv(env), dataPlane, Clock.systemUTC());
    operator.start();
  }

  @AfterEach
  void stopOperator() {
    client.resources(Collection.class).inNamespace(NS).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> client.resources(Collection.class).inNamespace(NS).list()
        .getItems().isEmpty());
    operator.stop();
    dataPlane.close();
  }

  private Collection sample(String name) {
    return StandaloneCollections.sample(name, db);
  }

  private Collection get(String name) {
    return client.resources(Collection.class).inNamespace(NS).withName(name).get();
  }

  private void edit(String name, Consumer<Collection> change) {
    client.resources(Collection.class).inNamespace(NS).withName(name).edit(c -> {
      change.accept(c);
      return c;
    });
  }

  private void awaitReady(String name) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(ready(get(name))).as(name + ": " + get(name)).isTrue());
  }

  private boolean exists(String name) {
    return sdk.hasCollection(HasCollectionReq.builder().databaseName(db).collectionName(name).build());
  }

  private boolean loaded(String name) {
    return sdk.getLoadState(GetLoadStateReq.builder().databaseName(db).collectionName(name).build());
  }

  private TreeSet<String> indexes(String name) {
    return new TreeSet<>(sdk.listIndexes(ListIndexesReq.builder().databaseName(db).collectionName(name).build()));
  }

  private List<String> fields(String name) {
    return sdk.describeCollection(DescribeCollectionReq.builder().databaseName(db).collectionName(name).build())
        .getCollectionSchema().getFieldSchemaList().stream().map(f -> f.getName()).toList();
  }

  private List<String> eventReasons(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(name)).map(e -> e.getReason()).toList();
  }

  @Test
  void theSampleIsAcceptedByTheApiServerAndBecomesARealCollection() {
    client.resource(sample("products")).create();
    awaitReady("products");
    assertThat(fields("products")).containsExactly("id", "title", "category", "tags", "price", "embedding");
    assertThat(indexes("products")).containsExactly("category", "embedding");
    assertThat(loaded("products")).isTrue();
    assertThat(get("products").getMetadata().getFinalizers()).hasSize(1);
    assertThat(eventReasons("products")).contains("CollectionCreated", "IndexCreated", "Loaded");
  }

  @Test
  void editsConvergeAndANonAdditiveChangeIsASchemaConflict() {
    client.resource(sample("products")).create();
    awaitReady("products");
    edit("products", c -> {
      FieldSpec rating = new FieldSpec();
      rating.setName("rating");
      rating.setDataType(DataType.Float);
      rating.setNullable(true);
      c.getSpec().getFields().add(rating);
      c.getSpec().setLoad(false);
    });
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
      assertThat(fields("products")).contains("rating");
      assertThat(loaded("products")).isFalse();
      assertThat(ready(get("products"))).isTrue();
    });
    edit("products", c -> c.getSpec().getFields().removeIf(f -> f.getName().equals("tags")));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(condition(get("products"), "SchemaConflict")).isEqualTo("True/SchemaConflict"));
    assertThat(fields("products")).contains("tags");
  }

  @Test
  void aDroppedCollectionIsRestoredAndDeletionHonoursTheDeletionPolicy() {
    Collection dropped = sample("dropped");
    dropped.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    client.resource(sample("kept")).create();
    client.resource(dropped).create();
    awaitReady("kept");
    awaitReady("dropped");
    sdk.dropCollection(DropCollectionReq.builder().databaseName(db).collectionName("kept").build());
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
      assertThat(exists("kept")).isTrue();
      assertThat(eventReasons("kept")).contains("DriftRepaired");
    });
    client.resources(Collection.class).inNamespace(NS).withName("kept").delete();
    client.resources(Collection.class).inNamespace(NS).withName("dropped").delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> get("kept") == null && get("dropped") == null);
    assertThat(exists("kept")).isTrue();
    assertThat(exists("dropped")).isFalse();
  }

  @Test
  void aSteadyCollectionWritesNothingAndAnOperatorStoppedMidReconcileConverges() throws Exception {
    dataPlane.holdNext("createIndex");
    client.resource(sample("products")).create();
    assertThat(dataPlane.awaitHeld(90)).isTrue();
    Thread crash = new Thread(() -> dataPlane.letGo(true));
    crash.start();
    operator.stop();
    crash.join();
    runOperator();
    awaitReady("products");
    assertThat(sdk.listCollectionsV2(ListCollectionsReq.builder().databaseName(db).build()).getCollectionNames())
        .containsExactly("products");
    assertThat(indexes("products")).containsExactly("category", "embedding");

    String version = get("products").getMetadata().getResourceVersion();
    int events = eventReasons("products").size();
    operator.stop();
    dataPlane.clear();
    runOperator();
    await().atMost(Duration.ofSeconds(30)).until(() -> dataPlane.calls().contains("describeCollection"));
    Thread.sleep(3000);
    assertThat(get("products").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(eventReasons("products")).hasSize(events);
    assertThat(dataPlane.writes()).isEmpty();
  }
}
