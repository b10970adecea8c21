package io.quiver.crd.v1alpha1.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.quiver.crd.common.ConsistencyLevel;
import io.quiver.crd.common.LocalReference;
import java.util.List;
import java.util.Objects;

/**
 * The desired state of a Collection: a collection in a VectorCluster's data plane.
 *
 * <p>Schema changes must be additive (new nullable fields, new indexes); the CRD rejects changes of the
 * name, database, shards, primary key and field types, and the operator reports any other non-additive
 * change as a SchemaConflict condition instead of applying it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.fields.filter(f, f.primaryKey).size() == 1", message = "exactly one field must be the primary key")
@ValidationRule(value = "self.fields.all(f, self.fields.filter(g, g.name == f.name).size() == 1)", message = "field names must be unique")
@ValidationRule(value = "self.fields.filter(f, f.partitionKey).size() <= 1", message = "at most one field can be the partition key")
@ValidationRule(value = "!has(self.indexes) || self.indexes.all(i, self.fields.exists(f, f.name == i.fieldName))", message = "every index must name a field of the collection")
@ValidationRule(value = "!has(self.numPartitions) || self.fields.exists(f, f.partitionKey)", message = "numPartitions needs a partition key field")
@ValidationRule(value = "!has(self.partitions) || !self.fields.exists(f, f.partitionKey)", message = "named partitions cannot be used with a partition key")
@ValidationRule(value = "has(self.name) == has(oldSelf.name) && (!has(self.name) || self.name == oldSelf.name)", message = "name is immutable")
@ValidationRule(value = "oldSelf.fields.filter(f, f.primaryKey).map(f, f.name) == self.fields.filter(f, f.primaryKey).map(f, f.name)", message = "the primary key field is immutable")
@ValidationRule(value = "oldSelf.fields.all(o, !self.fields.exists(n, n.name == o.name) || self.fields.exists(n, n.name == o.name && n.dataType == o.dataType))", message = "a field's dataType is immutable")
public class CollectionSpec {

  @JsonPropertyDescription("The VectorCluster (same namespace) holding the collection.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "clusterRef is immutable")
  private LocalReference clusterRef;

  @JsonPropertyDescription("Database of the collection.")
  @Default("default")
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @Size(max = 255)
  @ValidationRule(value = "self == oldSelf", message = "database is immutable")
  private String database;

  @JsonPropertyDescription("Collection name in the data plane; defaults to metadata.name with - replaced by _.")
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @Size(max = 255)
  private String name;

  @JsonPropertyDescription("Description.")
  @Size(max = 1024)
  private String description;

  @JsonPropertyDescription("The schema's fields.")
  @Required
  @Size(min = 1, max = 64)
  private List<FieldSpec> fields;

  @JsonPropertyDescription("Whether rows may carry fields outside the schema (kept in $meta).")
  @Default("false")
  private Boolean enableDynamicField;

  @JsonPropertyDescription("Functions that fill output fields (BM25, text embedding).")
  @Size(max = 16)
  private List<FunctionSpec> functions;

  @JsonPropertyDescription("Indexes to build.")
  @Size(max = 64)
  private List<IndexSpec> indexes;

  @JsonPropertyDescription("Number of shards; cannot change once created.")
  @Default("1")
  @Min(1)
  @Max(16)
  @ValidationRule(value = "self == oldSelf", message = "shards is immutable")
  private Integer shards;

  @JsonPropertyDescription("Partitions of a partition-key collection.")
  @Min(1)
  @Max(1024)
  private Integer numPartitions;

  @JsonPropertyDescription("Named partitions (without a partition key).")
  @Size(max = 1024)
  private List<String> partitions;

  @JsonPropertyDescription("Collection properties (TTL, mmap).")
  private CollectionProperties properties;

  @JsonPropertyDescription("Default consistency level of reads.")
  @Default("Bounded")
  private ConsistencyLevel consistencyLevel;

  @JsonPropertyDescription("Whether the collection is loaded (searchable); false releases it.")
  @Default("true")
  private Boolean load;

  @JsonPropertyDescription("In-memory replicas when loaded.")
  @Default("1")
  @Min(1)
  @Max(10)
  private Integer replicas;

  @JsonPropertyDescription("ResourceGroups (same namespace) the replicas are placed in; the cluster's default group when empty.")
  @Size(max = 10)
  private List<String> resourceGroups;

  @JsonPropertyDescription("EncryptionKey (same namespace) whose key wraps this collection's data keys.")
  private LocalReference encryptionKeyRef;

  @JsonPropertyDescription("What deleting this resource does to the data-plane collection.")
  @Default("Retain")
  private DeletionPolicy deletionPolicy;

  public LocalReference getClusterRef() {
    return clusterRef;
  }

  public void setClusterRef(LocalReference clusterRef) {
    this.clusterRef = clusterRef;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public List<FieldSpec> getFields() {
    return fields;
  }

  public void setFields(List<FieldSpec> fields) {
    this.fields = fields;
  }

  public Boolean getEnableDynamicField() {
    return enableDynamicField;
  }

  public void setEnableDynamicField(Boolean enableDynamicField) {
    this.enableDynamicField = enableDynamicField;
  }

  public List<FunctionSpec> getFunctions() {
    return functions;
  }

  public void setFunctions(List<FunctionSpec> functions) {
    this.functions = functions;
  }

  public List<IndexSpec> getIndexes() {
    return indexes;
  }

  public void setIndexes(List<IndexSpec> indexes) {
    this.indexes = indexes;
  }

  public Integer getShards() {
    return shards;
  }

  public void setShards(Integer shards) {
    this.shards = shards;
  }

  public Integer getNumPartitions() {
    return numPartitions;
  }

  public void setNumPartitions(Integer numPartitions) {
    this.numPartitions = numPartitions;
  }

  public List<String> getPartitions() {
    return partitions;
  }

  public void setPartitions(List<String> partitions) {
    this.partitions = partitions;
  }

  public CollectionProperties getProperties() {
    return properties;
  }

  public void setProperties(CollectionProperties properties) {
    this.properties = properties;
  }

  public ConsistencyLevel getConsistencyLevel() {
    return consistencyLevel;
  }

  public void setConsistencyLevel(ConsistencyLevel consistencyLevel) {
    this.consistencyLevel = consistencyLevel;
  }

  public Boolean getLoad() {
    return load;
  }

  public void setLoad(Boolean load) {
    this.load = load;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public List<String> getResourceGroups() {
    return resourceGroups;
  }

  public void setResourceGroups(List<String> resourceGroups) {
    this.resourceGroups = resourceGroups;
  }

  public LocalReference getEncryptionKeyRef() {
    return encryptionKeyRef;
  }

  public void setEncryptionKeyRef(LocalReference encryptionKeyRef) {
    this.encryptionKeyRef = encryptionKeyRef;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CollectionSpec that)) {
      return false;
    }
    return Objects.equals(clusterRef, that.clusterRef)
        && Objects.equals(database, that.database)
        && Objects.equals(name, that.name)
        && Objects.equals(description, that.description)
        && Objects.equals(fields, that.fields)
        && Objects.equals(enableDynamicField, that.enableDynamicField)
        && Objects.equals(functions, that.functions)
        && Objects.equals(indexes, that.indexes)
        && Objects.equals(shards, that.shards)
        && Objects.equals(numPartitions, that.numPartitions)
        && Objects.equals(partitions, that.partitions)
        && Objects.equals(properties, that.properties)
        && Objects.equals(consistencyLevel, that.consistencyLevel)
        && Objects.equals(load, that.load)
        && Objects.equals(replicas, that.replicas)
        && Objects.equals(resourceGroups, that.resourceGroups)
        && Objects.equals(encryptionKeyRef, that.encryptionKeyRef)
        && Objects.equals(deletionPolicy, that.deletionPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clusterRef, database, name, description, fields, enableDynamicField, functions, indexes, shards, numPartitions, partitions, properties, consistencyLevel, load, replicas, resourceGroups, encryptionKeyRef, deletionPolicy);
  }

  @Override
  public String toString() {
    return "CollectionSpec{"
        + "clusterRef=" + clusterRef
        + ", database=" + database
        + ", name=" + name
        + ", description=" + description
        + ", fields=" + fields
        + ", enableDynamicField=" + enableDynamicField
        + ", functions=" + functions
        + ", indexes=" + indexes
        + ", shards=" + shards
        + ", numPartitions=" + numPartitions
        + ", partitions=" + partitions
        + ", properties=" + properties
        + ", consistencyLevel=" + consistencyLevel
        + ", load=" + load
        + ", replicas=" + replicas
        + ", resourceGroups=" + resourceGroups
        + ", encryptionKeyRef=" + encryptionKeyRef
        + ", deletionPolicy=" + deletionPolicy
        + "}";
  }
}
