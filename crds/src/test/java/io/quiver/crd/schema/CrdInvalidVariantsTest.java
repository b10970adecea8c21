package io.quiver.crd.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.crd.schema.SchemaValidator.Violation;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Variants of the samples that the API server must reject, each for exactly one stated reason: a
 * missing required field, a bad enum value, a value out of range, a bad pattern, a broken cross-field
 * rule, or a change of an immutable field (checked as an update of the sample).
 */
class CrdInvalidVariantsTest {

  /** An edit of a sample, and the one violation it must cause. */
  record Variant(String name, String sample, boolean update, Consumer<ObjectNode> edit, String path, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Variant create(String name, String sample, Consumer<ObjectNode> edit, String path, String reason) {
    return new Variant(name, sample, false, edit, path, reason);
  }

  private static Variant update(String name, String sample, Consumer<ObjectNode> edit, String path, String reason) {
    return new Variant(name, sample, true, edit, path, reason);
  }

  private static ObjectNode spec(ObjectNode o) {
    return (ObjectNode) o.get("spec");
  }

  private static ObjectNode at(ObjectNode o, String pointer) {
    return (ObjectNode) o.at(pointer);
  }

  private static ObjectNode field(ObjectNode o, int i) {
    return (ObjectNode) o.at("/spec/fields/" + i);
  }

  static Stream<Variant> variants() {
    String ha = "vectorcluster-ha.yaml";
    String dev = "vectorcluster-standalone.yaml";
    String rg = "resourcegroup.yaml";
    String col = "collection.yaml";
    String ek = "encryptionkey.yaml";
    String tn = "tenant.yaml";
    return Stream.of(
        // VectorCluster
        create("cluster without version", dev, o -> spec(o).remove("version"), "spec.version", "Required value"),
        create("cluster with unknown pull policy", dev, o -> spec(o).put("imagePullPolicy", "Sometimes"),
            "spec.imagePullPolicy", "Unsupported value: \"Sometimes\""),
        create("cluster with 101 nodes", ha, o -> spec(o).put("replicas", 101), "spec.replicas",
            "less than or equal to 100"),
        create("cluster with negative nodes", ha, o -> spec(o).put("replicas", -1), "spec.replicas",
            "greater than or equal to 0"),
        create("cluster with a version holding a space", dev, o -> spec(o).put("version", "0.1 beta"), "spec.version",
            "should match"),
        create("cluster with both etcd endpoints and managed etcd", ha,
            o -> at(o, "/spec/etcd").putArray("endpoints").add("http://etcd:2379"), "spec.etcd",
            "set exactly one of endpoints and managed"),
        create("cluster with two etcd members", ha, o -> at(o, "/spec/etcd/managed").put("members", 2),
            "spec.etcd.managed.members", "members must be 1 or 3"),
        create("three nodes without object store and etcd", dev, o -> spec(o).put("replicas", 3), "spec",
            "more than one node needs objectStore and etcd"),
        create("object store endpoint without scheme", ha,
            o -> at(o, "/spec/objectStore").put("endpoint", "s3.eu-west-1.amazonaws.com"), "spec.objectStore.endpoint",
            "should match"),
        create("object store bucket with capitals", ha, o -> at(o, "/spec/objectStore").put("bucket", "Acme_Bucket"),
            "spec.objectStore.bucket", "should match"),
        create("object store without secret", ha, o -> at(o, "/spec/objectStore").remove("secretRef"),
            "spec.objectStore.secretRef", "Required value"),
        create("storage size that is a boolean", dev, o -> at(o, "/spec/storage").put("size", true), "spec.storage.size",
            "must be an integer or a string"),
        create("misspelt field", dev, o -> spec(o).put("replica", 2), "spec.replica", "unknown field \"replica\""),
        create("unknown service type", ha, o -> at(o, "/spec/service").put("type", "Ingress"), "spec.service.type",
            "Unsupported value"),
        create("collection default shards above 16", ha, o -> at(o, "/spec/defaults").put("shards", 17),
            "spec.defaults.shards", "less than or equal to 16"),

        // ResourceGroup
        create("group without cluster", rg, o -> spec(o).remove("clusterRef"), "spec.clusterRef", "Required value"),
        create("group with 500 nodes", rg, o -> spec(o).put("nodes", 500), "spec.nodes", "less than or equal to 100"),
        create("group name with a dash", rg, o -> spec(o).put("groupName", "search-pool"), "spec.groupName",
            "should match"),
        update("group moved to another cluster", rg, o -> at(o, "/spec/clusterRef").put("name", "dev"),
            "spec.clusterRef", "clusterRef is immutable"),

        // Collection
        create("collection without fields", col, o -> spec(o).putArray("fields"), "spec.fields",
            "should have at least 1 items"),
        create("collection without cluster", col, o -> spec(o).remove("clusterRef"), "spec.clusterRef",
            "Required value"),
        create("field with unknown data type", col, o -> field(o, 1).put("dataType", "Text"), "spec.fields[1].dataType",
            "Unsupported value: \"Text\""),
        create("field without name", col, o -> field(o, 1).remove("name"), "spec.fields[1].name", "Required value"),
        create("index of unknown type", col, o -> at(o, "/spec/indexes/0").put("indexType", "ANNOY"),
            "spec.indexes[0].indexType", "Unsupported value: \"ANNOY\""),
        create("index with unknown metric", col, o -> at(o, "/spec/indexes/0").put("metricType", "MANHATTAN"),
            "spec.indexes[0].metricType", "Unsupported value"),
        create("vector of dimension zero", col, o -> field(o, 5).put("dim", 0), "spec.fields[5].dim",
            "greater than or equal to 1"),
        create("vector of dimension 40000", col, o -> field(o, 5).put("dim", 40000), "spec.fields[5].dim",
            "less than or equal to 32768"),
        create("vector without dimension", col, o -> field(o, 5).remove("dim"), "spec.fields[5]",
            "a dense or binary vector field needs dim"),
        create("VarChar without maxLength", col, o -> field(o, 1).remove("maxLength"), "spec.fields[1]",
            "a VarChar field needs maxLength"),
        create("Array without element type", col, o -> field(o, 3).remove("elementType"), "spec.fields[3]",
            "an Array field needs elementType and maxCapacity"),
        create("Double primary key", col, o -> {
          field(o, 0).put("primaryKey", false).put("autoID", false);
          field(o, 4).put("primaryKey", true).put("nullable", false);
        }, "spec.fields[4]", "the primary key must be Int64 or VarChar"),
        create("nullable primary key", col, o -> field(o, 0).put("nullable", true), "spec.fields[0]",
            "the primary key cannot be nullable"),
        create("autoID on a plain field", col, o -> field(o, 1).put("autoID", true), "spec.fields[1]",
            "autoID applies to the primary key only"),
        create("two primary keys", col, o -> field(o, 1).put("primaryKey", true), "spec",
            "exactly one field must be the primary key"),
        create("no primary key", col, o -> field(o, 0).put("primaryKey", false).put("autoID", false), "spec",
            "exactly one field must be the primary key"),
        create("duplicate field names", col, o -> field(o, 3).put("name", "title"), "spec", "field names must be unique"),
        create("index on a missing field", col, o -> at(o, "/spec/indexes/0").put("fieldName", "vector"), "spec",
            "every index must name a field of the collection"),
        create("numPartitions without partition key", col, o -> field(o, 2).put("partitionKey", false), "spec",
            "numPartitions needs a partition key field"),
        create("named partitions with a partition key", col, o -> {
          spec(o).remove("numPartitions");
          spec(o).putArray("partitions").add("books");
        }, "spec", "named partitions cannot be used with a partition key"),
        create("17 shards", col, o -> spec(o).put("shards", 17), "spec.shards", "less than or equal to 16"),
        create("zero replicas", col, o -> spec(o).put("replicas", 0), "spec.replicas", "greater than or equal to 1"),
        create("unknown deletion policy", col, o -> spec(o).put("deletionPolicy", "Orphan"), "spec.deletionPolicy",
            "Unsupported value: \"Orphan\""),
        create("unknown consistency level", col, o -> spec(o).put("consistencyLevel", "Weak"), "spec.consistencyLevel",
            "Unsupported value"),
        create("collection name with a dash", col, o -> spec(o).put("name", "my-products"), "spec.name",
            "should match"),
        create("negative TTL", col, o -> at(o, "/spec/properties").put("ttlSeconds", -5), "spec.properties.ttlSeconds",
            "greater than or equal to 0"),
        update("collection renamed", col, o -> spec(o).put("name", "products_v2"), "spec", "name is immutable"),
        update("collection moved to another database", col, o -> spec(o).put("database", "archive"), "spec.database",
            "database is immutable"),
        update("primary key moved to another field", col, o -> {
          field(o, 0).put("primaryKey", false).put("autoID", false);
          field(o, 1).put("primaryKey", true);
        }, "spec", "the primary key field is immutable"),
        update("field type changed", col, o -> field(o, 4).put("dataType", "Float"), "spec",
            "a field's dataType is immutable"),
        update("shards changed", col, o -> spec(o).put("shards", 4), "spec.shards", "shards is immutable"),

        // EncryptionKey
        create("key with both a secret and a KMS key", ek, o -> at(o, "/spec/keySource").putObject("kms")
            .put("provider", "AwsKms").put("keyId", "arn:aws:kms:eu-west-1:1:key/1"), "spec.keySource",
            "set exactly one of secretRef and kms"),
        create("key without a source", ek, o -> spec(o).remove("keySource"), "spec.keySource", "Required value"),
        create("database scope without database", "encryptionkey-kms.yaml", o -> at(o, "/spec/scope").remove("database"),
            "spec.scope", "database is required for type Database"),
        create("unknown KMS provider", "encryptionkey-kms.yaml", o -> at(o, "/spec/keySource/kms").put("provider", "Hsm"),
            "spec.keySource.kms.provider", "Unsupported value"),
        create("rotation schedule in words", ek, o -> at(o, "/spec/rotation").put("schedule", "every 90 days"),
            "spec.rotation.schedule", "should match"),
        update("key scope changed", ek, o -> at(o, "/spec/scope").put("tenant", "globex"), "spec.scope",
            "scope is immutable"),

        // Tenant
        create("tenant without display name", tn, o -> spec(o).remove("displayName"), "spec.displayName",
            "Required value"),
        create("unknown tier", tn, o -> spec(o).put("tier", "Premium"), "spec.tier", "Unsupported value: \"Premium\""),
        create("cluster reference without namespace", tn, o -> at(o, "/spec/clusterRef").remove("namespace"),
            "spec.clusterRef.namespace", "Required value"),
        create("namespace with capitals", tn, o -> spec(o).put("namespace", "Tenant_A"), "spec.namespace",
            "should match"),
        create("negative collection quota", tn, o -> at(o, "/spec/quotas").put("maxCollections", -1),
            "spec.quotas.maxCollections", "greater than or equal to 0"),
        update("tenant namespace changed", tn, o -> spec(o).put("namespace", "acme-2"), "spec", "namespace is immutable"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void invalidVariantIsRejectedForItsStatedReason(Variant variant) {
    JsonNode original = CrdSchema.read(CrdSchema.samplesDir().resolve(variant.sample()));
    ObjectNode edited = original.deepCopy();
    variant.edit().accept(edited);
    SchemaValidator validator = new SchemaValidator(CrdSchema.schemaOf(original.path("kind").asText()));
    List<Violation> violations = variant.update() ? validator.validate(edited, original) : validator.validate(edited);
    assertThat(violations).as(variant.name()).hasSize(1);
    assertThat(violations.getFirst().path()).isEqualTo(variant.path());
    assertThat(violations.getFirst().message()).contains(variant.reason());
  }

  @Test
  void additiveCollectionChangesAreAccepted() {
    JsonNode original = CrdSchema.read(CrdSchema.samplesDir().resolve("collection.yaml"));
    ObjectNode edited = original.deepCopy();
    ArrayNode fields = (ArrayNode) edited.at("/spec/fields");
    fields.addObject().put("name", "rating").put("dataType", "Float").put("nullable", true);
    ((ArrayNode) edited.at("/spec/indexes")).addObject().put("fieldName", "rating").put("indexType", "STL_SORT");
    spec(edited).put("replicas", 3).put("load", false);
    SchemaValidator validator = new SchemaValidator(CrdSchema.schemaOf("Collection"));
    assertThat(validator.validate(edited, original)).isEmpty();
  }

  @Test
  void collectionNameMayBeLeftToDefaultButNotAddedLater() {
    JsonNode original = CrdSchema.read(CrdSchema.samplesDir().resolve("collection.yaml"));
    ObjectNode named = original.deepCopy();
    spec(named).put("name", "products");
    SchemaValidator validator = new SchemaValidator(CrdSchema.schemaOf("Collection"));
    assertThat(validator.validate(original)).isEmpty();
    assertThat(validator.validate(named, original)).extracting(Violation::message)
        .containsExactly("Invalid value: name is immutable");
  }

  @Test
  void nullIsRejectedWhereTheSchemaIsNotNullable() {
    ObjectNode cluster = CrdSchema.read(CrdSchema.samplesDir().resolve("vectorcluster-standalone.yaml")).deepCopy();
    spec(cluster).set("version", JsonNodeFactory.instance.nullNode());
    assertThat(new SchemaValidator(CrdSchema.schemaOf("VectorCluster")).validate(cluster))
        .extracting(Violation::path).containsExactly("spec.version");
  }
}
