package io.quiver.operator.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.operator.Samples;
import io.quiver.operator.collection.model.CollectionModel;
import io.quiver.operator.collection.model.CollectionPlan;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MilvusDataPlaneClient} against a real {@code quiver standalone}: what the operator writes reads
 * back as declared (so the plan of a created collection is empty), failures are classified, and a
 * failing call returns in seconds.
 */
class MilvusDataPlaneClientIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  private static MilvusDataPlaneClient client;

  @BeforeAll
  static void connect() {
    client = MilvusDataPlaneClient.connect(new ClusterAddress("ns", "c", QUIVER.address(), null), Duration.ofSeconds(10));
  }

  @AfterAll
  static void close() {
    if (client != null) {
      client.close();
    }
  }

  /** The Collection sample as a standalone can serve it: one replica in the default group, no key. */
  static Collection sample(String database) {
    Collection c = Samples.load("collection.yaml", Collection.class);
    c.getSpec().setDatabase(database);
    c.getSpec().setReplicas(1);
    c.getSpec().setResourceGroups(null);
    c.getSpec().setEncryptionKeyRef(null);
    return c;
  }

  @Test
  void aCollectionCreatedFromTheSampleReadsBackAsDeclared() {
    Collection c = sample("client_it");
    client.createDatabase("client_it");
    assertThat(client.listDatabases()).contains("client_it");
    client.createCollection("client_it", CollectionModel.definition(c));

    CollectionState created = client.describeCollection("client_it", "products").orElseThrow();
    assertThat(created.fields()).isEqualTo(CollectionModel.fields(c.getSpec()));
    assertThat(created.shards()).isEqualTo(2);
    assertThat(created.numPartitions()).isEqualTo(16);
    assertThat(created.enableDynamicField()).isTrue();
    assertThat(created.consistencyLevel()).isEqualTo("Bounded");
    assertThat(created.description()).isEqualTo("Product catalogue embeddings");
    assertThat(created.properties()).containsEntry("collection.ttl.seconds", "0").containsEntry("mmap.enabled", "false");
    assertThat(created.loaded()).isFalse();

    CollectionPlan plan = CollectionModel.plan(c, created, List.of());
    assertThat(plan.conflicts()).isEmpty();
    assertThat(plan.addFields()).isEmpty();
    assertThat(plan.setProperties()).isEmpty();
    assertThat(plan.createIndexes()).extracting(IndexDefinition::indexName).containsExactlyInAnyOrder("embedding", "category");
    assertThat(plan.load()).isEqualTo(CollectionPlan.LoadAction.LOAD);

    plan.createIndexes().forEach(i -> client.createIndex("client_it", "products", i));
    client.load("client_it", "products", 1, List.of());
    CollectionState loaded = client.describeCollection("client_it", "products").orElseThrow();
    assertThat(CollectionModel.plan(c, loaded, List.of()).hasWrites()).as("plan after applying it").isFalse();
    assertThat(loaded.loaded()).isTrue();
    assertThat(loaded.replicas()).singleElement().satisfies(r ->
        assertThat(r.resourceGroup()).isEqualTo(CollectionModel.DEFAULT_RESOURCE_GROUP));
    assertThat(loaded.index("embedding").definition()).satisfies(i -> {
      assertThat(i.indexType()).isEqualTo("HNSW");
      assertThat(i.metricType()).isEqualTo("COSINE");
      assertThat(i.params()).containsEntry("M", "16").containsEntry("efConstruction", "200");
    });
    assertThat(loaded.index("category").definition().indexType()).isEqualTo("INVERTED");
    assertThat(loaded.rowCount()).isZero();

    client.dropCollection("client_it", "products");
    client.dropCollection("client_it", "products");
    assertThat(client.describeCollection("client_it", "products")).isEmpty();
  }

  @Test
  void describingWhatDoesNotExistIsEmptyAndRejectedCallsSayWhy() {
    assertThat(client.describeCollection("no_such_db", "x")).isEmpty();
    assertThat(client.describeCollection("default", "no_such_collection")).isEmpty();
    assertThatThrownBy(() -> client.load("default", "no_such_collection", 1, List.of()))
        .isInstanceOfSatisfying(DataPlaneException.class, e -> {
          assertThat(e.kind()).isEqualTo(DataPlaneException.Kind.REJECTED);
          assertThat(e.code()).isEqualTo(100);
          assertThat(e.getMessage()).contains("LoadCollection default.no_such_collection").contains("collection not found");
        });
  }

  @Test
  void resourceGroupsAnswerWhatAStandaloneSupports() {
    assertThat(client.describeResourceGroup("__default_resource_group")).hasValueSatisfying(g ->
        assertThat(g.requestedNodes()).isEqualTo(1));
    assertThat(client.describeResourceGroup("search_pool")).isEmpty();
    assertThatThrownBy(() -> client.createResourceGroup("search_pool", 2))
        .isInstanceOfSatisfying(DataPlaneException.class, e -> {
          assertThat(e.kind()).isEqualTo(DataPlaneException.Kind.UNSUPPORTED);
          assertThat(e.reason()).isEqualTo("DataPlaneUnsupported");
          assertThat(e.getMessage()).contains("CreateResourceGroup").contains("not supported");
        });
  }

  @Test
  void keyCallsAreUnsupportedUntilTheDataPlaneTakesKeys() {
    assertThatThrownBy(() -> client.describeKey(new KeyScopeRef("acme", null)))
        .isInstanceOfSatisfying(DataPlaneException.class, e -> assertThat(e.kind()).isEqualTo(DataPlaneException.Kind.UNSUPPORTED));
    assertThatThrownBy(() -> client.installKeyVersion(new KeyScopeRef("acme", "shop"), new KeyMaterial.Raw(new byte[32])))
        .isInstanceOfSatisfying(DataPlaneException.class, e -> assertThat(e.getMessage()).contains("database shop of tenant acme"));
  }

  @Test
  void anUnreachableEndpointFailsRetryablyInSeconds() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> MilvusDataPlaneClient.connect(new ClusterAddress("ns", "gone", "127.0.0.1:" + port, null),
        Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(DataPlaneException.class, e -> {
          assertThat(e.kind()).isEqualTo(DataPlaneException.Kind.UNAVAILABLE);
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).contains("connect to 127.0.0.1:" + port);
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aCallToADataPlaneThatWentDownFailsRetryablyInSeconds() {
    MilvusDataPlaneClient second = MilvusDataPlaneClient.connect(new ClusterAddress("ns", "c2", QUIVER.address(), null),
        Duration.ofSeconds(2));
    try {
      assertThat(second.listDatabases()).contains("default");
      QUIVER.kill(); // started again before the next test
      long start = System.nanoTime();
      assertThatThrownBy(second::listDatabases).isInstanceOfSatisfying(DataPlaneException.class,
          e -> assertThat(e.kind()).isEqualTo(DataPlaneException.Kind.UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    } finally {
      second.close();
    }
  }
}
