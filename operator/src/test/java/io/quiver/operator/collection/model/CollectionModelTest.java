package io.quiver.operator.collection.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.crd.v1alpha1.collection.DataType;
import io.quiver.crd.v1alpha1.collection.FieldSpec;
import io.quiver.crd.v1alpha1.collection.IndexSpec;
import io.quiver.crd.v1alpha1.collection.IndexType;
import io.quiver.crd.v1alpha1.collection.LoadState;
import io.quiver.operator.Samples;
import io.quiver.operator.dataplane.CollectionState;
import io.quiver.operator.dataplane.FieldDefinition;
import io.quiver.operator.dataplane.IndexDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CollectionModelTest {

  private static Collection sample() {
    Collection c = Samples.load("collection.yaml", Collection.class);
    c.getSpec().setReplicas(1);
    c.getSpec().setResourceGroups(null);
    return c;
  }

  /** The data plane's report of {@code c} as declared, loaded with one replica in the default group, indexes built. */
  private static CollectionState served(Collection c) {
    CollectionState d = CollectionModel.declared(c);
    return new CollectionState(d.database(), d.name(), 42, d.description(), d.fields(), d.functions(), d.enableDynamicField(),
        d.shards(), d.numPartitions(), partitions(d.numPartitions()), d.consistencyLevel(), d.properties(),
        d.indexes().stream().map(i -> new CollectionState.IndexState(i.definition(), 10, 10, "Finished")).toList(),
        true, List.of(new CollectionState.ReplicaState(1, CollectionModel.DEFAULT_RESOURCE_GROUP, List.of("1"))), 10);
  }

  private static List<String> partitions(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("_default_" + i);
    }
    return out;
  }

  private static CollectionState withIndexes(CollectionState s, List<CollectionState.IndexState> indexes) {
    return new CollectionState(s.database(), s.name(), s.id(), s.description(), s.fields(), s.functions(),
        s.enableDynamicField(), s.shards(), s.numPartitions(), s.partitions(), s.consistencyLevel(), s.properties(),
        indexes, s.loaded(), s.replicas(), s.rowCount());
  }

  private static FieldSpec field(String name, DataType type, boolean nullable) {
    FieldSpec f = new FieldSpec();
    f.setName(name);
    f.setDataType(type);
    f.setNullable(nullable);
    return f;
  }

  @Test
  void theSampleBecomesTheDeclaredSchemaInDataPlaneTerms() {
    Collection c = sample();
    var d = CollectionModel.definition(c);
    assertThat(CollectionModel.database(c)).isEqualTo("shop");
    assertThat(d.name()).isEqualTo("products");
    assertThat(d.fields()).containsExactly(
        new FieldDefinition("id", "", "Int64", true, true, false, false, null, null, null, null, null),
        new FieldDefinition("title", "", "VarChar", false, false, false, false, null, 512, null, null, null),
        new FieldDefinition("category", "", "VarChar", false, false, false, true, null, 64, null, null, null),
        new FieldDefinition("tags", "", "Array", false, false, true, false, null, 32, 16, "VarChar", null),
        new FieldDefinition("price", "", "Double", false, false, true, false, null, null, null, null, "0.0"),
        new FieldDefinition("embedding", "", "FloatVector", false, false, false, false, 384, null, null, null, null));
    assertThat(d.enableDynamicField()).isTrue();
    assertThat(d.shards()).isEqualTo(2);
    assertThat(d.numPartitions()).isEqualTo(16);
    assertThat(d.consistencyLevel()).isEqualTo("Bounded");
    assertThat(d.properties()).isEqualTo(Map.of("collection.ttl.seconds", "0", "mmap.enabled", "false"));
    assertThat(CollectionModel.indexes(c.getSpec())).containsExactly(
        new IndexDefinition("embedding", "embedding", "HNSW", "COSINE", Map.of("M", "16", "efConstruction", "200")),
        new IndexDefinition("category", "category", "INVERTED", null, Map.of()));
  }

  @Test
  void aNameDefaultsToTheResourceNameWithUnderscores() {
    Collection c = sample();
    c.getSpec().setName(null);
    c.getMetadata().setName("my-products.v2");
    assertThat(CollectionModel.dataPlaneName(c)).isEqualTo("my_products_v2");
    c.getSpec().setDatabase(null);
    assertThat(CollectionModel.database(c)).isEqualTo("default");
  }

  @Test
  void aDefaultValueThatDoesNotFitItsFieldIsRejectedNamingTheField() {
    Collection c = sample();
    c.getSpec().getFields().get(4).setDefaultValue(new TextNode("cheap"));
    assertThatThrownBy(() -> CollectionModel.definition(c)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field price").hasMessageContaining("does not fit a Double field");
  }

  @Test
  void aCollectionServingItsSpecNeedsNoWrite() {
    Collection c = sample();
    CollectionPlan plan = CollectionModel.plan(c, served(c), List.of());
    assertThat(plan.hasWrites()).isFalse();
    assertThat(plan.conflicts()).isEmpty();
    assertThat(CollectionModel.pendingWork(c, served(c))).isEmpty();
  }

  @Test
  void aNewCollectionGetsItsIndexesThenIsLoaded() {
    Collection c = sample();
    CollectionState d = CollectionModel.declared(c);
    CollectionState created = new CollectionState(d.database(), d.name(), 1, d.description(), d.fields(), d.functions(),
        d.enableDynamicField(), d.shards(), d.numPartitions(), partitions(16), d.consistencyLevel(), d.properties(),
        List.of(), false, List.of(), 0);
    CollectionPlan plan = CollectionModel.plan(c, created, List.of());
    assertThat(plan.createIndexes()).extracting(IndexDefinition::indexName).containsExactly("embedding", "category");
    assertThat(plan.dropIndexes()).isEmpty();
    assertThat(plan.load()).isEqualTo(CollectionPlan.LoadAction.LOAD);
    assertThat(plan.conflicts()).isEmpty();
  }

  @Test
  void anAddedNullableScalarFieldIsAddedAndEveryOtherAdditionIsAConflict() {
    Collection c = sample();
    CollectionState before = served(c);
    c.getSpec().getFields().add(field("rating", DataType.Float, true));
    c.getSpec().getFields().add(field("stock", DataType.Int32, false));
    FieldSpec vector = field("image", DataType.FloatVector, true);
    vector.setDim(8);
    c.getSpec().getFields().add(vector);
    CollectionPlan plan = CollectionModel.plan(c, before, List.of());
    assertThat(plan.addFields()).extracting(FieldDefinition::name).containsExactly("rating");
    assertThat(plan.conflicts()).containsExactly(
        "field stock cannot be added: a field added to an existing collection must be nullable (set nullable: true)",
        "field image cannot be added: vector fields can only be declared when the collection is created");
  }

  @Test
  void removingOrRetypingAFieldOrMovingThePrimaryKeyIsAConflictNeverAWrite() {
    Collection c = sample();
    CollectionState before = served(c);
    c.getSpec().getFields().removeIf(f -> f.getName().equals("tags"));
    c.getSpec().getFields().get(1).setMaxLength(1024);
    c.getSpec().getFields().get(0).setPrimaryKey(false);
    c.getSpec().getFields().get(1).setPrimaryKey(true);
    c.getSpec().getFields().get(3).setDataType(DataType.Float);
    c.getSpec().setShards(4);
    c.getSpec().setEnableDynamicField(false);
    CollectionPlan plan = CollectionModel.plan(c, before, List.of());
    assertThat(plan.hasWrites()).isFalse();
    assertThat(plan.conflicts()).contains(
        "shards cannot change (data plane: 2, spec: 4)",
        "enableDynamicField cannot change (data plane: true, spec: false)",
        "field id: the primary key cannot change (data plane: primaryKey true, spec: false)",
        "field title: the primary key cannot change (data plane: primaryKey false, spec: true)",
        "field title: maxLength cannot change (data plane: 512, spec: 1024)",
        "field price: dataType cannot change (data plane: Double, spec: Float)",
        "field tags exists in the data plane but not in the spec; fields are never removed");
  }

  @Test
  void anIndexRemovedFromTheSpecIsDroppedAndAVectorIndexIsDroppedFromAReleasedCollectionThenLoadedAgain() {
    Collection c = sample();
    CollectionState before = served(c);
    c.getSpec().getIndexes().removeIf(i -> i.getFieldName().equals("category"));
    CollectionPlan scalar = CollectionModel.plan(c, before, List.of());
    assertThat(scalar.dropIndexes()).extracting(IndexDefinition::indexName).containsExactly("category");
    assertThat(scalar.releaseForIndexes()).as("a scalar index is dropped from a loaded collection").isFalse();
    assertThat(scalar.load()).isEqualTo(CollectionPlan.LoadAction.NONE);

    c.getSpec().getIndexes().getFirst().setParams(Map.of("M", "32", "efConstruction", "200"));
    CollectionPlan vector = CollectionModel.plan(c, before, List.of());
    assertThat(vector.dropIndexes()).extracting(IndexDefinition::indexName).containsExactlyInAnyOrder("embedding", "category");
    assertThat(vector.createIndexes()).extracting(IndexDefinition::indexName).containsExactly("embedding");
    assertThat(vector.releaseForIndexes()).isTrue();
    assertThat(vector.load()).isEqualTo(CollectionPlan.LoadAction.LOAD);
  }

  @Test
  void parametersAndMetricTheDataPlaneAddsAreNotChanges() {
    Collection c = sample();
    c.getSpec().getIndexes().getFirst().setMetricType(null);
    CollectionState before = served(c);
    List<CollectionState.IndexState> reported = before.indexes().stream().map(i -> {
      Map<String, String> params = new TreeMap<>(i.definition().params());
      params.put("added_by_the_data_plane", "1");
      IndexDefinition d = i.definition();
      return new CollectionState.IndexState(new IndexDefinition(d.fieldName(), d.indexName(), d.indexType(),
          d.fieldName().equals("embedding") ? "COSINE" : null, params), 1, 1, "Finished");
    }).toList();
    assertThat(CollectionModel.plan(c, withIndexes(before, reported), List.of()).hasWrites()).isFalse();
  }

  @Test
  void loadFalseReleasesAndAChangeOfReplicasOrGroupsReloads() {
    Collection c = sample();
    CollectionState before = served(c);
    c.getSpec().setLoad(false);
    assertThat(CollectionModel.plan(c, before, List.of()).load()).isEqualTo(CollectionPlan.LoadAction.RELEASE);
    c.getSpec().setLoad(true);
    c.getSpec().setReplicas(2);
    assertThat(CollectionModel.plan(c, before, List.of()).load()).isEqualTo(CollectionPlan.LoadAction.RELOAD);
    c.getSpec().setReplicas(1);
    assertThat(CollectionModel.plan(c, before, List.of("search_pool")).load()).isEqualTo(CollectionPlan.LoadAction.RELOAD);
    assertThat(CollectionModel.plan(c, before, List.of(CollectionModel.DEFAULT_RESOURCE_GROUP)).load())
        .isEqualTo(CollectionPlan.LoadAction.NONE);
  }

  @Test
  void declaredPropertiesAndConsistencyAreSetAndOthersAreLeftAlone() {
    Collection c = sample();
    CollectionState d = served(c);
    Map<String, String> props = new TreeMap<>(d.properties());
    props.put("collection.ttl.seconds", "60");
    props.put("set.by.someone.else", "x");
    CollectionState before = new CollectionState(d.database(), d.name(), d.id(), d.description(), d.fields(), d.functions(),
        d.enableDynamicField(), d.shards(), d.numPartitions(), d.partitions(), "Strong", props, d.indexes(), d.loaded(),
        d.replicas(), d.rowCount());
    assertThat(CollectionModel.plan(c, before, List.of()).setProperties())
        .isEqualTo(Map.of("collection.ttl.seconds", "0", "collection.consistency.level", "Bounded"));
  }

  @Test
  void namedPartitionsAreCreatedAndOnesMissingFromTheSpecAreConflicts() {
    Collection c = sample();
    c.getSpec().getFields().get(2).setPartitionKey(false);
    c.getSpec().setNumPartitions(null);
    c.getSpec().setPartitions(List.of("eu", "us"));
    CollectionState d = CollectionModel.declared(c);
    CollectionState before = new CollectionState(d.database(), d.name(), 1, d.description(), d.fields(), d.functions(),
        d.enableDynamicField(), d.shards(), 0, List.of("_default", "eu", "asia"), d.consistencyLevel(), d.properties(),
        served(c).indexes(), true, served(c).replicas(), 0);
    CollectionPlan plan = CollectionModel.plan(c, before, List.of());
    assertThat(plan.createPartitions()).containsExactly("us");
    assertThat(plan.conflicts()).containsExactly(
        "partition asia exists in the data plane but not in the spec; partitions are never dropped");
  }

  @Test
  void statusReportsLoadStateRowsIndexProgressAndPlacement() {
    Collection c = sample();
    CollectionState building = withIndexes(served(c), List.of(new CollectionState.IndexState(
        CollectionModel.indexes(c.getSpec()).getFirst(), 4, 10, "InProgress")));
    var status = CollectionModel.status(c, building);
    assertThat(status.getCollectionId()).isEqualTo(42);
    assertThat(status.getLoadState()).isEqualTo(LoadState.Loaded);
    assertThat(status.getRowCount()).isEqualTo(10);
    assertThat(status.getIndexProgress()).singleElement().satisfies(i -> {
      assertThat(i.getIndexedRows()).isEqualTo(4);
      assertThat(i.getTotalRows()).isEqualTo(10);
      assertThat(i.getState()).isEqualTo("InProgress");
    });
    assertThat(status.getReplicaPlacement()).singleElement()
        .satisfies(r -> assertThat(r.getResourceGroup()).isEqualTo("__default_resource_group"));
    assertThat(CollectionModel.pendingWork(c, building)).containsExactly("index embedding is InProgress (4 of 10 rows indexed)");
    assertThat(CollectionModel.status(c, null).getLoadState()).isEqualTo(LoadState.NotExist);
  }

  @Test
  void aTrieIndexMatchesWhatTheDataPlaneReportsInUpperCase() {
    Collection c = sample();
    IndexSpec trie = new IndexSpec();
    trie.setFieldName("title");
    trie.setIndexType(IndexType.Trie);
    c.getSpec().getIndexes().add(trie);
    IndexDefinition declared = CollectionModel.indexes(c.getSpec()).getLast();
    assertThat(declared.indexType()).isEqualTo("TRIE");
    assertThat(CollectionModel.indexMatches(declared, new IndexDefinition("title", "title", "TRIE", null, Map.of()))).isTrue();
    assertThat(CollectionModel.indexMatches(declared, new IndexDefinition("title", "title", "INVERTED", null, Map.of())))
        .isFalse();
  }
}
