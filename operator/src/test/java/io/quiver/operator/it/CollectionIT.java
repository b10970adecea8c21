package io.quiver.operator.it;

import static io.quiver.operator.it.StandaloneCollections.condition;
import static io.quiver.operator.it.StandaloneCollections.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.fabric8.kubernetes.api.model.Event;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DescribeReplicasReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.DropIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.vector.request.InsertReq;
import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.crd.v1alpha1.collection.DeletionPolicy;
import io.quiver.crd.v1alpha1.collection.FieldSpec;
import io.quiver.crd.v1alpha1.collection.IndexSpec;
import io.quiver.crd.v1alpha1.collection.IndexType;
import io.quiver.crd.v1alpha1.collection.LoadState;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.Samples;
import io.quiver.operator.dataplane.MilvusDataPlaneConnector;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Collections end to end: the operator on the CRUD mock API server, a real {@code quiver standalone}
 * as the data plane of VectorCluster {@code prod} (reached through the operator's endpoint override),
 * and the test's own Milvus SDK client checking what the data plane really holds. Each test uses its
 * own database, so the one server serves them all.
 *
 * <p>The Collection sample is applied with one replica in the default group and no EncryptionKey: a
 * standalone server has one query node and only {@code __default_resource_group}, and refuses customer
 * keys ({@link DataPlaneIT} covers the three).
 */
class CollectionIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  private static final String NS = MockCluster.NS;
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static MilvusClientV2 sdk;

  private MockCluster cluster;
  private CountingConnector dataPlane;
  private String db;

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
    db = "it_" + DATABASES.incrementAndGet();
    cluster.create(Samples.load("vectorcluster-ha.yaml", VectorCluster.class));
    // the sample turns auth on with the root password in a Secret: the operator signs in with it
    // (a standalone server accepts any credentials; it does not check them yet)
    cluster.createSampleSecrets();
  }

  @AfterEach
  void stop() {
    cluster.close();
    dataPlane.close();
  }

  private void startOperator() {
    cluster.startOperator(dataPlane, MockCluster.prodAt(QUIVER.address()));
  }

  private Collection sample(String name) {
    return StandaloneCollections.sample(name, db);
  }

  private Collection get(String name) {
    return cluster.harness.resources(Collection.class).inNamespace(NS).withName(name).get();
  }

  private Collection edit(String name, Consumer<Collection> change) {
    return cluster.harness.resources(Collection.class).inNamespace(NS).withName(name).edit(c -> {
      change.accept(c);
      return c;
    });
  }

  private void awaitReady(String name, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      Collection c = get(name);
      assertThat(ready(c)).as(name + " ready: " + (c == null ? null : c.getStatus())).isTrue();
    });
  }

  private List<Event> events(String name) {
    return cluster.harness.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(name)).toList();
  }

  private List<String> eventReasons(String name) {
    return events(name).stream().map(Event::getReason).toList();
  }

  private DescribeCollectionResp describe(String collection) {
    return sdk.describeCollection(DescribeCollectionReq.builder().databaseName(db).collectionName(collection).build());
  }

  private boolean exists(String collection) {
    return sdk.hasCollection(HasCollectionReq.builder().databaseName(db).collectionName(collection).build());
  }

  private boolean loaded(String collection) {
    return sdk.getLoadState(GetLoadStateReq.builder().databaseName(db).collectionName(collection).build());
  }

  private Set<String> indexes(String collection) {
    return new TreeSet<>(sdk.listIndexes(ListIndexesReq.builder().databaseName(db).collectionName(collection).build()));
  }

  private DescribeIndexResp.IndexDesc index(String collection, String name) {
    return sdk.describeIndex(DescribeIndexReq.builder().databaseName(db).collectionName(collection).indexName(name)
        .build()).getIndexDescByIndexName(name);
  }

  private static CreateCollectionReq.FieldSchema field(DescribeCollectionResp d, String name) {
    return d.getCollectionSchema().getFieldSchemaList().stream().filter(f -> f.getName().equals(name)).findFirst()
        .orElse(null);
  }

  private static FieldSpec scalarField(String name, io.quiver.crd.v1alpha1.collection.DataType type, boolean nullable) {
    FieldSpec f = new FieldSpec();
    f.setName(name);
    f.setDataType(type);
    f.setNullable(nullable);
    return f;
  }

  private void insertRows(String collection, int rows) {
    Random random = new Random(7);
    List<JsonObject> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      JsonObject row = new JsonObject();
      row.addProperty("title", "product " + i);
      row.addProperty("category", i % 2 == 0 ? "books" : "games");
      row.addProperty("price", 9.5 + i);
      JsonArray vector = new JsonArray();
      for (int d = 0; d < 384; d++) {
        vector.add(random.nextFloat());
      }
      row.add("embedding", vector);
      data.add(row);
    }
    sdk.insert(InsertReq.builder().databaseName(db).collectionName(collection).data(data).build());
  }

  // ------------------------------------------------------------------ Done-when 2

  @Test
  void applyingTheSampleYieldsARealCollectionWithTheDeclaredSchemaIndexesReplicasAndLoadState() {
    startOperator();
    cluster.create(sample("products"));
    awaitReady("products", Duration.ofSeconds(60));

    DescribeCollectionResp d = describe("products");
    assertThat(d.getCollectionSchema().getFieldSchemaList()).extracting(CreateCollectionReq.FieldSchema::getName)
        .containsExactly("id", "title", "category", "tags", "price", "embedding");
    assertThat(field(d, "id")).satisfies(f -> {
      assertThat(f.getDataType()).isEqualTo(DataType.Int64);
      assertThat(f.getIsPrimaryKey()).isTrue();
      assertThat(f.getAutoID()).isTrue();
    });
    assertThat(field(d, "title").getMaxLength()).isEqualTo(512);
    assertThat(field(d, "category").getIsPartitionKey()).isTrue();
    assertThat(field(d, "tags")).satisfies(f -> {
      assertThat(f.getDataType()).isEqualTo(DataType.Array);
      assertThat(f.getElementType()).isEqualTo(DataType.VarChar);
      assertThat(f.getMaxCapacity()).isEqualTo(16);
      assertThat(f.getIsNullable()).isTrue();
    });
    assertThat(field(d, "price").getDefaultValue()).isEqualTo(0.0);
    assertThat(field(d, "embedding").getDimension()).isEqualTo(384);
    assertThat(d.getEnableDynamicField()).isTrue();
    assertThat(d.getShardsNum()).isEqualTo(2);
    assertThat(d.getNumOfPartitions()).isEqualTo(16);
    assertThat(d.getDescription()).isEqualTo("Product catalogue embeddings");
    assertThat(d.getConsistencyLevel().getName()).isEqualTo("Bounded");
    assertThat(d.getProperties()).containsEntry("collection.ttl.seconds", "0").containsEntry("mmap.enabled", "false");

    assertThat(indexes("products")).containsExactly("category", "embedding");
    assertThat(index("products", "embedding")).satisfies(i -> {
      assertThat(i.getIndexType()).isEqualTo(IndexParam.IndexType.HNSW);
      assertThat(i.getMetricType()).isEqualTo(IndexParam.MetricType.COSINE);
      assertThat(i.getExtraParams()).containsEntry("M", "16").containsEntry("efConstruction", "200");
    });
    assertThat(index("products", "category").getIndexType()).isEqualTo(IndexParam.IndexType.INVERTED);
    assertThat(loaded("products")).isTrue();
    assertThat(sdk.describeReplicas(DescribeReplicasReq.builder().databaseName(db).collectionName("products").build())
        .getReplicas()).singleElement().satisfies(r -> assertThat(r.getResourceGroupName()).isEqualTo("__default_resource_group"));

    Collection c = get("products");
    assertThat(c.getMetadata().getFinalizers()).singleElement().asString().contains("collection");
    assertThat(c.getStatus().getCollectionName()).isEqualTo("products");
    assertThat(c.getStatus().getCollectionId()).isEqualTo(d.getCollectionID());
    assertThat(c.getStatus().getLoadState()).isEqualTo(LoadState.Loaded);
    assertThat(c.getStatus().getRowCount()).isZero();
    assertThat(c.getStatus().getIndexProgress()).extracting(i -> i.getIndexName() + "=" + i.getState())
        .containsExactly("category=Finished", "embedding=Finished");
    assertThat(c.getStatus().getReplicaPlacement()).singleElement()
        .satisfies(r -> assertThat(r.getResourceGroup()).isEqualTo("__default_resource_group"));
    assertThat(c.getStatus().getConditions()).extracting(x -> x.getType() + "=" + x.getStatus() + "/" + x.getReason())
        .containsExactlyInAnyOrder("SchemaConflict=False/AsExpected", "Ready=True/Ready", "Progressing=False/UpToDate",
            "Degraded=False/AsExpected");
    assertThat(c.getStatus().getConditions()).allSatisfy(x -> {
      assertThat(x.getLastTransitionTime()).isNotBlank();
      assertThat(x.getObservedGeneration()).isEqualTo(c.getMetadata().getGeneration());
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventReasons("products"))
        .contains("DatabaseCreated", "CollectionCreated", "IndexCreated", "Loaded", "Ready"));

    insertRows("products", 25);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get("products").getStatus().getRowCount())
        .isEqualTo(25));
  }

  @Test
  void editingTheSpecAddsFieldsAndIndexesLoadsOrReleasesAndChangesReplicas() {
    startOperator();
    cluster.create(sample("products"));
    awaitReady("products", Duration.ofSeconds(60));

    edit("products", c -> {
      c.getSpec().getFields().add(scalarField("rating", io.quiver.crd.v1alpha1.collection.DataType.Float, true));
      IndexSpec title = new IndexSpec();
      title.setFieldName("title");
      title.setIndexName("title_idx");
      title.setIndexType(IndexType.INVERTED);
      c.getSpec().getIndexes().add(title);
    });
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(field(describe("products"), "rating")).isNotNull()
          .satisfies(f -> assertThat(f.getIsNullable()).isTrue());
      assertThat(indexes("products")).containsExactlyInAnyOrder("category", "embedding", "title_idx");
      assertThat(ready(get("products"))).isTrue();
    });
    assertThat(eventReasons("products")).contains("FieldAdded");

    edit("products", c -> c.getSpec().setLoad(false));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(loaded("products")).isFalse();
      Collection c = get("products");
      assertThat(ready(c)).isTrue();
      assertThat(c.getStatus().getLoadState()).isEqualTo(LoadState.NotLoad);
    });
    assertThat(eventReasons("products")).contains("Released");

    edit("products", c -> {
      c.getSpec().setLoad(true);
      c.getSpec().getIndexes().removeIf(i -> i.getFieldName().equals("category"));
    });
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(loaded("products")).isTrue();
      assertThat(indexes("products")).containsExactlyInAnyOrder("embedding", "title_idx");
      assertThat(ready(get("products"))).isTrue();
      assertThat(get("products").getStatus().getLoadState()).isEqualTo(LoadState.Loaded);
    });
    assertThat(eventReasons("products")).contains("IndexDropped");

    edit("products", c -> c.getSpec().getIndexes().stream().filter(i -> i.getFieldName().equals("embedding"))
        .forEach(i -> i.setParams(Map.of("M", "32", "efConstruction", "100"))));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(index("products", "embedding").getExtraParams()).containsEntry("M", "32");
      assertThat(loaded("products")).isTrue();
      assertThat(ready(get("products"))).isTrue();
    });

    // more replicas than a standalone's one query node: refused with the data plane's reason, and the
    // collection stays loaded as it was (never released to change its replicas)
    edit("products", c -> c.getSpec().setReplicas(2));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Collection c = get("products");
      assertThat(condition(c, Condition.DEGRADED)).isEqualTo("True/DataPlaneRejected");
      assertThat(c.getStatus().getConditions()).filteredOn(x -> x.getType().equals(Condition.DEGRADED))
          .singleElement().satisfies(x -> assertThat(x.getMessage()).contains("replica_number 2 exceeds"));
    });
    assertThat(loaded("products")).isTrue();
    edit("products", c -> c.getSpec().setReplicas(1));
    awaitReady("products", Duration.ofSeconds(30));
  }

  @Test
  void deletionDropsTheCollectionOnlyWithDeletionPolicyDelete() {
    startOperator();
    cluster.create(sample("kept"));
    Collection dropped = sample("dropped");
    dropped.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    cluster.create(dropped);
    awaitReady("kept", Duration.ofSeconds(60));
    awaitReady("dropped", Duration.ofSeconds(60));

    cluster.harness.resources(Collection.class).inNamespace(NS).withName("kept").delete();
    cluster.harness.resources(Collection.class).inNamespace(NS).withName("dropped").delete();
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(get("kept")).isNull();
      assertThat(get("dropped")).isNull();
    });
    assertThat(exists("kept")).as("Retain keeps the collection").isTrue();
    assertThat(exists("dropped")).as("Delete drops the collection").isFalse();
    assertThat(eventReasons("kept")).contains("CollectionRetained");
    assertThat(eventReasons("dropped")).contains("CollectionDropped");
  }

  @Test
  void aCollectionOrIndexDroppedBehindTheOperatorsBackIsRestoredWithAnEvent() {
    startOperator();
    cluster.create(sample("products"));
    awaitReady("products", Duration.ofSeconds(60));
    long firstId = get("products").getStatus().getCollectionId();

    sdk.dropIndex(DropIndexReq.builder().databaseName(db).collectionName("products").fieldName("category")
        .indexName("category").build());
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(indexes("products")).contains("category");
      assertThat(eventReasons("products")).contains("DriftRepaired");
    });

    sdk.releaseCollection(ReleaseCollectionReq.builder().databaseName(db).collectionName("products").build());
    sdk.dropIndex(DropIndexReq.builder().databaseName(db).collectionName("products").fieldName("embedding")
        .indexName("embedding").build());
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(indexes("products")).containsExactlyInAnyOrder("category", "embedding");
      assertThat(loaded("products")).isTrue();
    });

    sdk.dropCollection(DropCollectionReq.builder().databaseName(db).collectionName("products").build());
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(exists("products")).isTrue();
      assertThat(loaded("products")).isTrue();
      Collection c = get("products");
      assertThat(c.getStatus().getCollectionId()).isNotEqualTo(firstId);
      assertThat(ready(c)).isTrue();
    });
    assertThat(events("products")).filteredOn(e -> e.getReason().equals("DriftRepaired"))
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("collection " + db + ".products"))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("index category"));
  }

  @Test
  void aNonAdditiveChangeIsASchemaConflictAndIsNotApplied() {
    startOperator();
    cluster.create(sample("products"));
    awaitReady("products", Duration.ofSeconds(60));

    edit("products", c -> {
      c.getSpec().getFields().removeIf(f -> f.getName().equals("tags"));
      c.getSpec().getFields().stream().filter(f -> f.getName().equals("title")).forEach(f -> f.setMaxLength(1024));
      c.getSpec().getFields().stream().filter(f -> f.getName().equals("embedding")).forEach(f -> f.setDim(768));
      c.getSpec().getFields().add(scalarField("stock", io.quiver.crd.v1alpha1.collection.DataType.Int32, false));
      c.getSpec().getFields().add(scalarField("note", io.quiver.crd.v1alpha1.collection.DataType.Bool, true));
    });
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      Collection c = get("products");
      assertThat(condition(c, "SchemaConflict")).isEqualTo("True/SchemaConflict");
      assertThat(condition(c, Condition.READY)).isEqualTo("False/SchemaConflict");
      assertThat(c.getStatus().getObservedGeneration()).isEqualTo(c.getMetadata().getGeneration());
    });
    String message = get("products").getStatus().getConditions().stream()
        .filter(x -> x.getType().equals("SchemaConflict")).findFirst().orElseThrow().getMessage();
    assertThat(message).contains("field tags exists in the data plane but not in the spec")
        .contains("field title: maxLength cannot change (data plane: 512, spec: 1024)")
        .contains("field embedding: dim cannot change (data plane: 384, spec: 768)")
        .contains("field stock cannot be added: a field added to an existing collection must be nullable");
    DescribeCollectionResp d = describe("products");
    assertThat(field(d, "tags")).as("never a silent drop").isNotNull();
    assertThat(field(d, "title").getMaxLength()).isEqualTo(512);
    assertThat(field(d, "stock")).isNull();
    assertThat(field(d, "note")).as("the additive part is applied").isNotNull();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("products"))
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("SchemaConflict");
          assertThat(e.getType()).isEqualTo("Warning");
        }));

    edit("products", c -> {
      Collection original = sample("products");
      c.getSpec().setFields(original.getSpec().getFields());
      c.getSpec().getFields().add(scalarField("note", io.quiver.crd.v1alpha1.collection.DataType.Bool, true));
    });
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      Collection c = get("products");
      assertThat(condition(c, "SchemaConflict")).isEqualTo("False/AsExpected");
      assertThat(ready(c)).isTrue();
    });
  }

  // ------------------------------------------------------------------ Done-when 3

  @Test
  void aSecondReconcileOfAnUnchangedCollectionWritesNothingToKubernetesOrTheDataPlane() {
    startOperator();
    cluster.create(sample("products"));
    Collection second = sample("catalogue");
    second.getSpec().setLoad(false);
    cluster.create(second);
    awaitReady("products", Duration.ofSeconds(60));
    awaitReady("catalogue", Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.harness.resources(VectorCluster.class).inNamespace(NS)
        .withName("prod").get().getStatus() != null);

    cluster.stopOperator();
    String before = get("catalogue").getStatus().toString() + get("products").getStatus();
    cluster.dispatcher.clearWrites();
    dataPlane.clear();
    cluster.reconciliations.set(0);
    startOperator();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.reconciliations.get() >= 3
        && dataPlane.calls().stream().filter(m -> m.equals("describeCollection")).count() >= 4);
    assertThat(cluster.dispatcher.writes()).as("Kubernetes writes of a reconcile of unchanged resources; before: "
        + before + "\nafter: " + get("catalogue").getStatus() + get("products").getStatus()).isEmpty();
    assertThat(dataPlane.writes()).as("data-plane writes of a reconcile of unchanged resources").isEmpty();
    assertThat(dataPlane.calls()).contains("describeCollection");
  }

  @Test
  void everyCollectionConvergesWithConflictsAndServerErrorsInjected() {
    startOperator();
    cluster.dispatcher.inject(0.20, 0.10);
    List<String> names = List.of("alpha", "beta", "gamma");
    for (String name : names) {
      cluster.create(sample(name));
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(names).allSatisfy(n -> assertThat(ready(get(n))).as(n + ": " + get(n).getStatus()).isTrue()));
    cluster.dispatcher.inject(0, 0);
    assertThat(cluster.dispatcher.injectedFaults()).isGreaterThan(10);
    for (String name : names) {
      assertThat(exists(name)).isTrue();
      assertThat(indexes(name)).containsExactly("category", "embedding");
      assertThat(loaded(name)).isTrue();
    }
  }

  @Test
  void anOperatorStoppedMidReconcileConvergesAfterRestartWithoutDuplicates() throws Exception {
    dataPlane.holdNext("createIndex");
    startOperator();
    cluster.create(sample("products"));
    assertThat(dataPlane.awaitHeld(60)).as("the operator reached CreateIndex").isTrue();
    assertThat(exists("products")).as("created, not yet indexed").isTrue();
    Thread crash = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      dataPlane.letGo(true);
    });
    crash.start();
    cluster.stopOperator();
    crash.join();
    assertThat(indexes("products")).isEmpty();

    startOperator();
    awaitReady("products", Duration.ofSeconds(60));
    assertThat(sdk.listCollectionsV2(io.milvus.v2.service.collection.request.ListCollectionsReq.builder()
        .databaseName(db).build()).getCollectionNames()).containsExactly("products");
    assertThat(indexes("products")).containsExactly("category", "embedding");
    assertThat(loaded("products")).isTrue();
    assertThat(cluster.harness.resources(Collection.class).inNamespace(NS).list().getItems()).hasSize(1);
    assertThat(get("products").getMetadata().getFinalizers()).hasSize(1);
  }
}
