package io.quiver.operator.collection.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.crd.v1alpha1.collection.CollectionSpec;
import io.quiver.crd.v1alpha1.collection.CollectionStatus;
import io.quiver.crd.v1alpha1.collection.DataType;
import io.quiver.crd.v1alpha1.collection.ElementType;
import io.quiver.crd.v1alpha1.collection.FieldSpec;
import io.quiver.crd.v1alpha1.collection.IndexSpec;
import io.quiver.crd.v1alpha1.collection.IndexStatus;
import io.quiver.crd.v1alpha1.collection.LoadState;
import io.quiver.crd.v1alpha1.collection.ReplicaStatus;
import io.quiver.operator.dataplane.CollectionDefinition;
import io.quiver.operator.dataplane.CollectionState;
import io.quiver.operator.dataplane.DefaultValues;
import io.quiver.operator.dataplane.FieldDefinition;
import io.quiver.operator.dataplane.FunctionDefinition;
import io.quiver.operator.dataplane.IndexDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Desired state of a Collection in data-plane terms, and the plan that brings an existing collection to
 * it. Pure: no client, no clock; the tests drive it with specs and data-plane states.
 *
 * <p>The comparison is deliberately one-sided where the data plane may add what the spec does not say
 * (index build parameters it fills in, properties set by others, the default metric): only what the
 * spec declares is compared, so a data plane that reports more never causes endless rewrites.
 */
public final class CollectionModel {

  private CollectionModel() {}

  /** The database of a collection whose spec names none (also the CRD default). */
  public static final String DEFAULT_DATABASE = "default";
  /** The data plane's default resource group, where replicas go when the spec names no group. */
  public static final String DEFAULT_RESOURCE_GROUP = "__default_resource_group";
  public static final String TTL_PROPERTY = "collection.ttl.seconds";
  public static final String MMAP_PROPERTY = "mmap.enabled";
  public static final String CONSISTENCY_PROPERTY = "collection.consistency.level";
  /** The partition every collection without a partition key has. */
  public static final String DEFAULT_PARTITION = "_default";

  // ------------------------------------------------------------------ names

  /** The collection's database. */
  public static String database(Collection c) {
    return c.getSpec().getDatabase() == null ? DEFAULT_DATABASE : c.getSpec().getDatabase();
  }

  /** The collection's name in the data plane: spec.name, else metadata.name with - and . replaced by _. */
  public static String dataPlaneName(Collection c) {
    String explicit = c.getSpec().getName();
    return explicit != null ? explicit : c.getMetadata().getName().replace('-', '_').replace('.', '_');
  }

  // ------------------------------------------------------------------ desired state

  /**
   * The schema fields as declared.
   *
   * @throws IllegalArgumentException if a default value does not fit its field's type
   */
  public static List<FieldDefinition> fields(CollectionSpec spec) {
    return spec.getFields().stream().map(CollectionModel::field).toList();
  }

  static FieldDefinition field(FieldSpec f) {
    String type = f.getDataType().name();
    boolean array = f.getDataType() == DataType.Array;
    boolean varchar = f.getDataType() == DataType.VarChar || array && f.getElementType() == ElementType.VarChar;
    boolean dense = f.getDataType().name().endsWith("Vector") && f.getDataType() != DataType.SparseFloatVector;
    String defaultValue = null;
    JsonNode declared = f.getDefaultValue();
    if (declared != null && !declared.isNull()) {
      try {
        defaultValue = DefaultValues.fromJson(type, declared);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field " + f.getName() + ": " + e.getMessage(), e);
      }
    }
    return new FieldDefinition(f.getName(), f.getDescription() == null ? "" : f.getDescription(), type,
        Boolean.TRUE.equals(f.getPrimaryKey()), Boolean.TRUE.equals(f.getAutoID()), Boolean.TRUE.equals(f.getNullable()),
        Boolean.TRUE.equals(f.getPartitionKey()), dense ? f.getDim() : null, varchar ? f.getMaxLength() : null,
        array ? f.getMaxCapacity() : null, array && f.getElementType() != null ? f.getElementType().name() : null,
        defaultValue);
  }

  /** The schema functions as declared. */
  public static List<FunctionDefinition> functions(CollectionSpec spec) {
    return spec.getFunctions() == null ? List.of() : spec.getFunctions().stream()
        .map(f -> new FunctionDefinition(f.getName(), f.getType().name(), List.copyOf(f.getInputFieldNames()),
            List.copyOf(f.getOutputFieldNames()), f.getParams() == null ? Map.of() : new TreeMap<>(f.getParams())))
        .toList();
  }

  /** The indexes as declared: name defaulting to the field name, type in upper case. */
  public static List<IndexDefinition> indexes(CollectionSpec spec) {
    return spec.getIndexes() == null ? List.of() : spec.getIndexes().stream().map(CollectionModel::index).toList();
  }

  static IndexDefinition index(IndexSpec i) {
    return new IndexDefinition(i.getFieldName(), i.getIndexName() != null ? i.getIndexName() : i.getFieldName(),
        i.getIndexType().name().toUpperCase(Locale.ROOT), i.getMetricType() == null ? null : i.getMetricType().name(),
        i.getParams() == null ? Map.of() : new TreeMap<>(i.getParams()));
  }

  /** The collection properties the spec declares (TTL, mmap), sorted by key. */
  public static Map<String, String> properties(CollectionSpec spec) {
    Map<String, String> out = new TreeMap<>();
    if (spec.getProperties() != null) {
      if (spec.getProperties().getTtlSeconds() != null) {
        out.put(TTL_PROPERTY, spec.getProperties().getTtlSeconds().toString());
      }
      if (spec.getProperties().getMmap() != null) {
        out.put(MMAP_PROPERTY, spec.getProperties().getMmap().toString());
      }
    }
    return out;
  }

  /** The consistency level, Bounded unless declared. */
  public static String consistencyLevel(CollectionSpec spec) {
    return spec.getConsistencyLevel() == null ? "Bounded" : spec.getConsistencyLevel().name();
  }

  private static int shards(CollectionSpec spec) {
    return spec.getShards() == null ? 1 : spec.getShards();
  }

  private static boolean load(CollectionSpec spec) {
    return spec.getLoad() == null || spec.getLoad();
  }

  private static int replicas(CollectionSpec spec) {
    return spec.getReplicas() == null ? 1 : spec.getReplicas();
  }

  /** What CreateCollection is called with (indexes and loading follow as a plan). */
  public static CollectionDefinition definition(Collection c) {
    CollectionSpec spec = c.getSpec();
    return new CollectionDefinition(dataPlaneName(c), spec.getDescription() == null ? "" : spec.getDescription(),
        fields(spec), functions(spec), Boolean.TRUE.equals(spec.getEnableDynamicField()), shards(spec),
        spec.getNumPartitions() == null ? 0 : spec.getNumPartitions(),
        spec.getPartitions() == null ? List.of() : List.copyOf(spec.getPartitions()), consistencyLevel(spec),
        properties(spec));
  }

  /**
   * The collection as the spec declares it, in the shape the data plane reports (id, progress, replicas
   * and rows unknown): JOSDK's desired state, which identifies the data-plane collection.
   */
  public static CollectionState declared(Collection c) {
    CollectionDefinition d = definition(c);
    List<String> partitions = d.partitions().isEmpty() ? List.of(DEFAULT_PARTITION) : d.partitions();
    return new CollectionState(database(c), d.name(), 0, d.description(), d.fields(), d.functions(),
        d.enableDynamicField(), d.shards(), d.numPartitions(), partitions, d.consistencyLevel(), d.properties(),
        indexes(c.getSpec()).stream().map(i -> new CollectionState.IndexState(i, 0, 0, "None")).toList(),
        load(c.getSpec()), List.of(), 0);
  }

  // ------------------------------------------------------------------ plan

  /**
   * What to write so that {@code actual} matches {@code c}'s spec.
   *
   * @param groups the data-plane names of the resource groups replicas go to (empty: the default group)
   */
  public static CollectionPlan plan(Collection c, CollectionState actual, List<String> groups) {
    CollectionSpec spec = c.getSpec();
    List<String> conflicts = new ArrayList<>();

    collectionConflicts(spec, actual, conflicts);

    List<FieldDefinition> addFields = new ArrayList<>();
    List<FieldDefinition> declaredFields = fields(spec);
    Set<String> declaredNames = new HashSet<>();
    for (FieldDefinition want : declaredFields) {
      declaredNames.add(want.name());
      FieldDefinition have = actual.field(want.name());
      if (have == null) {
        String refusal = additionRefusal(want);
        if (refusal == null) {
          addFields.add(want);
        } else {
          conflicts.add("field " + want.name() + " cannot be added: " + refusal);
        }
      } else {
        fieldConflicts(want, have, conflicts);
      }
    }
    for (FieldDefinition have : actual.fields()) {
      if (!declaredNames.contains(have.name())) {
        conflicts.add("field " + have.name() + " exists in the data plane but not in the spec; fields are never removed");
      }
    }

    List<String> createPartitions = new ArrayList<>();
    if (actual.numPartitions() == 0) { // named partitions; a partition-key collection's are the data plane's own
      List<String> declaredPartitions = spec.getPartitions() == null ? List.of() : spec.getPartitions();
      for (String p : declaredPartitions) {
        if (!actual.partitions().contains(p)) {
          createPartitions.add(p);
        }
      }
      for (String p : actual.partitions()) {
        if (!p.equals(DEFAULT_PARTITION) && !declaredPartitions.contains(p)) {
          conflicts.add("partition " + p + " exists in the data plane but not in the spec; partitions are never dropped");
        }
      }
    }

    Map<String, String> setProperties = new TreeMap<>();
    properties(spec).forEach((k, v) -> {
      if (!v.equals(actual.properties().get(k))) {
        setProperties.put(k, v);
      }
    });
    if (!consistencyLevel(spec).equals(actual.consistencyLevel())) {
      setProperties.put(CONSISTENCY_PROPERTY, consistencyLevel(spec));
    }

    List<IndexDefinition> drops = new ArrayList<>();
    List<IndexDefinition> creates = new ArrayList<>();
    Set<String> declaredIndexes = new HashSet<>();
    for (IndexDefinition want : indexes(spec)) {
      declaredIndexes.add(want.indexName());
      CollectionState.IndexState have = actual.index(want.indexName());
      if (have == null) {
        creates.add(want);
      } else if (!indexMatches(want, have.definition())) {
        drops.add(have.definition());
        creates.add(want);
      }
    }
    for (CollectionState.IndexState have : actual.indexes()) {
      if (!declaredIndexes.contains(have.definition().indexName())) {
        drops.add(have.definition());
      }
    }
    boolean releaseForIndexes = actual.loaded() && drops.stream().anyMatch(i -> {
      FieldDefinition f = actual.field(i.fieldName());
      return f != null && f.isVector();
    });

    CollectionPlan.LoadAction load = loadAction(spec, actual, groups, releaseForIndexes);
    return new CollectionPlan(List.copyOf(createPartitions), List.copyOf(addFields), setProperties, releaseForIndexes,
        List.copyOf(drops), List.copyOf(creates), load, List.copyOf(conflicts));
  }

  private static void collectionConflicts(CollectionSpec spec, CollectionState actual, List<String> conflicts) {
    if (shards(spec) != actual.shards()) {
      conflicts.add("shards cannot change (data plane: " + actual.shards() + ", spec: " + shards(spec) + ")");
    }
    boolean dynamic = Boolean.TRUE.equals(spec.getEnableDynamicField());
    if (dynamic != actual.enableDynamicField()) {
      conflicts.add("enableDynamicField cannot change (data plane: " + actual.enableDynamicField() + ", spec: " + dynamic + ")");
    }
    String description = spec.getDescription() == null ? "" : spec.getDescription();
    if (!description.equals(actual.description())) {
      conflicts.add("the description cannot change (data plane: '" + actual.description() + "', spec: '" + description + "')");
    }
    if (spec.getNumPartitions() != null && spec.getNumPartitions() != actual.numPartitions()) {
      conflicts.add("numPartitions cannot change (data plane: " + actual.numPartitions() + ", spec: "
          + spec.getNumPartitions() + ")");
    }
    Set<String> declaredFunctions = new TreeSet<>(functions(spec).stream().map(FunctionDefinition::name).toList());
    Set<String> actualFunctions = new TreeSet<>(actual.functions().stream().map(FunctionDefinition::name).toList());
    if (!declaredFunctions.equals(actualFunctions)) {
      conflicts.add("functions cannot change (data plane: " + actualFunctions + ", spec: " + declaredFunctions + ")");
    }
  }

  /** Why the data plane cannot add {@code f} to an existing collection, or null if it can. */
  static String additionRefusal(FieldDefinition f) {
    if (f.primaryKey()) {
      return "the primary key is fixed when the collection is created";
    }
    if (f.isVector()) {
      return "vector fields can only be declared when the collection is created";
    }
    if (f.partitionKey()) {
      return "the partition key is fixed when the collection is created";
    }
    if (!f.nullable()) {
      return "a field added to an existing collection must be nullable (set nullable: true)";
    }
    return null;
  }

  private static void fieldConflicts(FieldDefinition want, FieldDefinition have, List<String> conflicts) {
    String prefix = "field " + want.name() + ": ";
    if (!want.dataType().equals(have.dataType())) {
      conflicts.add(prefix + "dataType cannot change (data plane: " + have.dataType() + ", spec: " + want.dataType() + ")");
      return;
    }
    if (want.primaryKey() != have.primaryKey()) {
      conflicts.add(prefix + "the primary key cannot change (data plane: primaryKey " + have.primaryKey() + ", spec: "
          + want.primaryKey() + ")");
    }
    if (want.primaryKey() && want.autoId() != have.autoId()) {
      conflicts.add(prefix + "autoID cannot change (data plane: " + have.autoId() + ", spec: " + want.autoId() + ")");
    }
    if (want.partitionKey() != have.partitionKey()) {
      conflicts.add(prefix + "partitionKey cannot change (data plane: " + have.partitionKey() + ", spec: "
          + want.partitionKey() + ")");
    }
    if (!want.primaryKey() && want.nullable() != have.nullable()) {
      conflicts.add(prefix + "nullable cannot change (data plane: " + have.nullable() + ", spec: " + want.nullable() + ")");
    }
    differs(prefix, "dim", want.dim(), have.dim(), conflicts);
    differs(prefix, "maxLength", want.maxLength(), have.maxLength(), conflicts);
    differs(prefix, "maxCapacity", want.maxCapacity(), have.maxCapacity(), conflicts);
    differs(prefix, "elementType", want.elementType(), have.elementType(), conflicts);
    differs(prefix, "defaultValue", want.defaultValue(), have.defaultValue(), conflicts);
    differs(prefix, "description", want.description(), have.description(), conflicts);
  }

  private static void differs(String prefix, String what, Object want, Object have, List<String> conflicts) {
    if (!Objects.equals(want, have)) {
      conflicts.add(prefix + what + " cannot change (data plane: " + have + ", spec: " + want + ")");
    }
  }

  /**
   * Whether an existing index is the declared one: same field and type, the declared metric (when one
   * is declared) and every declared parameter with the declared value.
   */
  static boolean indexMatches(IndexDefinition want, IndexDefinition have) {
    if (!want.fieldName().equals(have.fieldName()) || !want.indexType().equalsIgnoreCase(have.indexType())) {
      return false;
    }
    if (want.metricType() != null && !want.metricType().equalsIgnoreCase(String.valueOf(have.metricType()))) {
      return false;
    }
    return want.params().entrySet().stream().allMatch(e -> e.getValue().equals(have.params().get(e.getKey())));
  }

  private static CollectionPlan.LoadAction loadAction(CollectionSpec spec, CollectionState actual, List<String> groups,
      boolean releasedForIndexes) {
    if (!load(spec)) {
      return actual.loaded() && !releasedForIndexes ? CollectionPlan.LoadAction.RELEASE : CollectionPlan.LoadAction.NONE;
    }
    if (!actual.loaded() || releasedForIndexes) {
      return CollectionPlan.LoadAction.LOAD;
    }
    if (actual.replicas().isEmpty()) {
      return CollectionPlan.LoadAction.NONE; // loaded, placement not reported: nothing to compare
    }
    Set<String> wantGroups = groups.isEmpty() ? Set.of(DEFAULT_RESOURCE_GROUP) : new TreeSet<>(groups);
    Set<String> haveGroups = new TreeSet<>(actual.replicas().stream().map(CollectionState.ReplicaState::resourceGroup).toList());
    boolean same = actual.replicas().size() == replicas(spec) && haveGroups.equals(wantGroups);
    return same ? CollectionPlan.LoadAction.NONE : CollectionPlan.LoadAction.RELOAD;
  }

  // ------------------------------------------------------------------ status

  /**
   * The status fields (all but conditions and observedGeneration) for a collection in state
   * {@code actual} (null: it does not exist in the data plane).
   */
  public static CollectionStatus status(Collection c, CollectionState actual) {
    CollectionStatus s = new CollectionStatus();
    s.setCollectionName(dataPlaneName(c));
    if (actual == null) {
      s.setLoadState(LoadState.NotExist);
      return s;
    }
    s.setCollectionId(actual.id());
    s.setLoadState(actual.loaded() ? LoadState.Loaded : LoadState.NotLoad);
    s.setRowCount(actual.rowCount());
    List<IndexStatus> indexes = new ArrayList<>();
    for (CollectionState.IndexState i : actual.indexes()) {
      IndexStatus is = new IndexStatus();
      is.setFieldName(i.definition().fieldName());
      is.setIndexName(i.definition().indexName());
      is.setIndexedRows(i.indexedRows());
      is.setTotalRows(i.totalRows());
      is.setState(i.state());
      indexes.add(is);
    }
    s.setIndexProgress(indexes.isEmpty() ? null : indexes); // absent rather than [], as an API server may store it
    List<ReplicaStatus> replicas = new ArrayList<>();
    for (CollectionState.ReplicaState r : actual.replicas()) {
      ReplicaStatus rs = new ReplicaStatus();
      rs.setReplicaId(r.id());
      rs.setResourceGroup(r.resourceGroup());
      rs.setNodes(r.nodes());
      replicas.add(rs);
    }
    s.setReplicaPlacement(replicas.isEmpty() ? null : replicas);
    return s;
  }

  /**
   * What keeps an up-to-date collection from serving as declared: indexes still building or failed,
   * loading not finished. Empty when it serves.
   */
  public static List<String> pendingWork(Collection c, CollectionState actual) {
    List<String> pending = new ArrayList<>();
    for (CollectionState.IndexState i : actual.indexes()) {
      if (!i.finished()) {
        pending.add("index " + i.definition().indexName() + " is " + i.state() + " (" + i.indexedRows() + " of "
            + i.totalRows() + " rows indexed)");
      }
    }
    if (load(c.getSpec()) && !actual.loaded()) {
      pending.add("not loaded yet");
    }
    return pending;
  }

  /** A one-line summary of a plan's writes, for messages. */
  public static String describe(CollectionPlan plan) {
    Map<String, Object> parts = new LinkedHashMap<>();
    if (!plan.createPartitions().isEmpty()) {
      parts.put("create partitions", plan.createPartitions());
    }
    if (!plan.addFields().isEmpty()) {
      parts.put("add fields", plan.addFields().stream().map(FieldDefinition::name).toList());
    }
    if (!plan.setProperties().isEmpty()) {
      parts.put("set properties", plan.setProperties());
    }
    if (!plan.dropIndexes().isEmpty()) {
      parts.put("drop indexes", plan.dropIndexes().stream().map(IndexDefinition::indexName).toList());
    }
    if (!plan.createIndexes().isEmpty()) {
      parts.put("create indexes", plan.createIndexes().stream().map(IndexDefinition::indexName).toList());
    }
    if (plan.load() != CollectionPlan.LoadAction.NONE) {
      parts.put("load", plan.load().name().toLowerCase(Locale.ROOT));
    }
    return parts.toString();
  }
}
