package io.quiver.crd.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML under crds/generated is what the build generates from the Java model (habit 13):
 * regenerate it with {@code mvn -pl crds -am -Pupdate-crds process-classes}, never edit it by hand.
 */
class CrdYamlUpToDateTest {

  @Test
  void committedCrdsEqualTheOnesTheBuildGenerates() throws IOException {
    List<String> built = CrdSchema.yamlFiles(CrdSchema.builtDir()).stream().map(p -> p.getFileName().toString()).toList();
    List<String> committed =
        CrdSchema.yamlFiles(CrdSchema.committedDir()).stream().map(p -> p.getFileName().toString()).toList();
    assertThat(built).as("CRD files the build generates").isNotEmpty();
    assertThat(committed).as("committed CRD files (crds/generated)").containsExactlyElementsOf(built);
    for (String name : built) {
      String fresh = Files.readString(CrdSchema.builtDir().resolve(name));
      String kept = Files.readString(CrdSchema.committedDir().resolve(name));
      assertThat(kept)
          .as("crds/generated/%s is stale; run: mvn -pl crds -am -Pupdate-crds process-classes", name)
          .isEqualTo(fresh);
    }
  }

  @Test
  void everyKindIsInGroupQuiverIoVersionV1alpha1WithStatusSubresourceShortNameAndPrinterColumns() {
    Map<String, JsonNode> crds = CrdSchema.crdsByKind();
    assertThat(crds).containsOnlyKeys("Collection", "EncryptionKey", "ResourceGroup", "Tenant", "VectorCluster");
    Map<String, String> shortNames = Map.of("VectorCluster", "qvc", "ResourceGroup", "qrg", "Collection", "qcol",
        "EncryptionKey", "qek", "Tenant", "qtn");
    crds.forEach((kind, crd) -> {
      JsonNode spec = crd.path("spec");
      assertThat(spec.path("group").asText()).isEqualTo("quiver.io");
      assertThat(spec.path("versions")).hasSize(1);
      JsonNode version = spec.path("versions").get(0);
      assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
      assertThat(version.path("served").asBoolean()).isTrue();
      assertThat(version.path("storage").asBoolean()).isTrue();
      assertThat(version.path("subresources").has("status")).as("%s status subresource", kind).isTrue();
      assertThat(spec.path("names").path("shortNames").get(0).asText()).isEqualTo(shortNames.get(kind));
      List<String> columns = version.path("additionalPrinterColumns").findValuesAsText("name");
      assertThat(columns).as("%s printer columns", kind).contains("Ready", "Age");
      assertThat(spec.path("scope").asText()).isEqualTo(kind.equals("Tenant") ? "Cluster" : "Namespaced");
    });
  }

  @Test
  void immutableFieldsCarryTransitionRules() {
    JsonNode collection = CrdSchema.schemaOf("Collection").path("properties").path("spec");
    List<String> specRules = collection.path("x-kubernetes-validations").findValuesAsText("rule");
    assertThat(specRules).anyMatch(r -> r.contains("self.name == oldSelf.name"));
    assertThat(specRules).anyMatch(r -> r.contains("oldSelf.fields.filter(f, f.primaryKey)"));
    assertThat(specRules).anyMatch(r -> r.contains("n.dataType == o.dataType"));
    for (String field : List.of("database", "shards", "clusterRef")) {
      assertThat(collection.path("properties").path(field).path("x-kubernetes-validations").findValuesAsText("rule"))
          .as("Collection spec.%s", field).containsExactly("self == oldSelf");
    }
  }

}
