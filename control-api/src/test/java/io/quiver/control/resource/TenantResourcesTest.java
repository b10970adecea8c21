package io.quiver.control.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.control.api.ApiException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Requests checked against the committed CRDs (schema and CEL rules) and the tenant boundary. */
class TenantResourcesTest {

  final TenantResources resources = new TenantResources(Optional.empty());

  static Map<String, Object> collection() {
    return new HashMap<>(Map.of("clusterRef", Map.of("name", "prod"), "database", "acme_prod", "fields", List.of(
        Map.of("name", "id", "dataType", "Int64", "primaryKey", true),
        Map.of("name", "embedding", "dataType", "FloatVector", "dim", 8))));
  }

  static Map<String, Object> key() {
    return new HashMap<>(Map.of("clusterRef", Map.of("name", "prod"), "scope", Map.of("type", "Database", "database",
        "acme_prod"), "keySource", Map.of("secretRef", Map.of("name", "acme-kek", "key", "key"))));
  }

  String field(ResourceKind kind, String name, Map<String, Object> spec) {
    try {
      resources.validate(kind, "acme", "tenant-acme", new CreateResource(name, spec));
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).startsWith(e.field() + ": ");
      return e.field();
    }
    return null;
  }

  @Test
  void validRequestsGetTheCrdDefaultsTheTenantLabelAndTheTenantsDatabase() {
    ObjectNode o = resources.validate(ResourceKind.COLLECTION, "acme", "tenant-acme", new CreateResource("c", collection()));
    assertThat(o.path("spec").path("deletionPolicy").asText()).isEqualTo("Retain");
    assertThat(o.path("spec").path("consistencyLevel").asText()).isEqualTo("Bounded");
    assertThat(o.path("metadata").path("namespace").asText()).isEqualTo("tenant-acme");
    assertThat(o.path("metadata").path("labels").path("quiver.io/tenant").asText()).isEqualTo("acme");
    Map<String, Object> noDb = collection();
    noDb.remove("database");
    assertThat(resources.validate(ResourceKind.COLLECTION, "acme", "ns", new CreateResource("c", noDb))
        .path("spec").path("database").asText()).isEqualTo("acme");
    Map<String, Object> k = key();
    k.put("scope", Map.of("type", "Tenant"));
    assertThat(resources.validate(ResourceKind.ENCRYPTION_KEY, "acme", "ns", new CreateResource("k", k))
        .path("spec").path("scope").path("tenant").asText()).isEqualTo("acme");
  }

  @Test
  void invalidRequestsNameTheField() {
    Map<String, Object> c;
    assertThat(field(ResourceKind.COLLECTION, "Bad_Name", collection())).isEqualTo("name");
    assertThat(field(ResourceKind.COLLECTION, null, collection())).isEqualTo("name");
    assertThat(field(ResourceKind.COLLECTION, "c", null)).isEqualTo("spec");
    c = collection();
    c.put("database", "globex");
    assertThat(field(ResourceKind.COLLECTION, "c", c)).isEqualTo("spec.database");
    c = collection();
    c.remove("fields");
    assertThat(field(ResourceKind.COLLECTION, "c", c)).isEqualTo("spec.fields");
    c = collection();
    c.put("fields", List.of(Map.of("name", "id", "dataType", "Int64", "primaryKey", true),
        Map.of("name", "embedding", "dataType", "FloatVector")));
    assertThat(field(ResourceKind.COLLECTION, "c", c)).isEqualTo("spec.fields[1]");
    c = collection();
    c.put("fields", List.of(Map.of("name", "id", "dataType", "Int64", "primaryKey", true),
        Map.of("name", "embedding", "dataType", "Vector", "dim", 8)));
    assertThat(field(ResourceKind.COLLECTION, "c", c)).isEqualTo("spec.fields[1].dataType");
    c = collection();
    c.put("fields", List.of(Map.of("name", "id", "dataType", "Int64"),
        Map.of("name", "embedding", "dataType", "FloatVector", "dim", 8)));
    assertThat(field(ResourceKind.COLLECTION, "c", c)).isEqualTo("spec");
    c = collection();
    c.put("shards", "two");
    assertThat(field(ResourceKind.COLLECTION, "c", c)).isEqualTo("spec.shards");
    c = collection();
    c.put("colour", "red");
    assertThat(field(ResourceKind.COLLECTION, "c", c)).isEqualTo("spec.colour");
    Map<String, Object> k = key();
    k.put("scope", Map.of("type", "Tenant", "tenant", "globex"));
    assertThat(field(ResourceKind.ENCRYPTION_KEY, "k", k)).isEqualTo("spec.scope.tenant");
    k = key();
    k.put("scope", Map.of("type", "Database", "database", "globex_prod"));
    assertThat(field(ResourceKind.ENCRYPTION_KEY, "k", k)).isEqualTo("spec.scope.database");
    k = key();
    k.remove("keySource");
    assertThat(field(ResourceKind.ENCRYPTION_KEY, "k", k)).isEqualTo("spec.keySource");
    k = key();
    k.put("scope", Map.of("type", "Tenant", "database", "acme_prod"));
    assertThat(field(ResourceKind.ENCRYPTION_KEY, "k", k)).isEqualTo("spec.scope");
  }

  @Test
  void withoutAClusterEveryCallIs409() {
    assertThatThrownBy(() -> resources.list(ResourceKind.COLLECTION, "ns"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessageContaining("needs a Kubernetes cluster");
    assertThatThrownBy(() -> resources.create(ResourceKind.ENCRYPTION_KEY, "acme", "ns", new CreateResource("k", key())))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
  }
}
