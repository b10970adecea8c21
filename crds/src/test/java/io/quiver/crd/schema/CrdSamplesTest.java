package io.quiver.crd.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample under crds/samples passes its CRD's schema, defaults and CEL rules. */
class CrdSamplesTest {

  static Stream<Path> samples() {
    return CrdSchema.samples().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleIsValidAgainstItsCrd(Path sample) {
    JsonNode object = CrdSchema.read(sample);
    assertThat(object.path("apiVersion").asText()).isEqualTo("quiver.io/v1alpha1");
    SchemaValidator validator = new SchemaValidator(CrdSchema.schemaOf(object.path("kind").asText()));
    assertThat(validator.validate(object)).as(sample.getFileName().toString()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleIsAValidUpdateOfItself(Path sample) {
    JsonNode object = CrdSchema.read(sample);
    SchemaValidator validator = new SchemaValidator(CrdSchema.schemaOf(object.path("kind").asText()));
    assertThat(validator.validate(object, object)).isEmpty();
  }

  @Test
  void everyKindHasASample() {
    Set<String> kinds = new TreeSet<>();
    for (Path sample : CrdSchema.samples()) {
      kinds.add(CrdSchema.read(sample).path("kind").asText());
    }
    assertThat(kinds).containsExactlyElementsOf(new TreeSet<>(CrdSchema.crdsByKind().keySet()));
  }

  @Test
  void defaultsComeFromTheSchema() {
    JsonNode standalone = CrdSchema.read(CrdSchema.samplesDir().resolve("vectorcluster-standalone.yaml"));
    JsonNode defaulted = new SchemaValidator(CrdSchema.schemaOf("VectorCluster")).withDefaults(standalone);
    assertThat(defaulted.at("/spec/image").asText()).isEqualTo("quiver/quiver");
    assertThat(defaulted.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(defaulted.at("/spec/imagePullPolicy").asText()).isEqualTo("IfNotPresent");
    assertThat(defaulted.at("/spec/storage/size").asText()).isEqualTo("20Gi");

    JsonNode collection = CrdSchema.read(CrdSchema.samplesDir().resolve("collection.yaml"));
    JsonNode c = new SchemaValidator(CrdSchema.schemaOf("Collection")).withDefaults(collection);
    assertThat(c.at("/spec/load").asBoolean()).isTrue();
    assertThat(c.at("/spec/fields/1/primaryKey").asBoolean()).isFalse();
    assertThat(c.at("/spec/fields/1/nullable").asBoolean()).isFalse();
    assertThat(List.of(c.at("/spec/deletionPolicy").asText())).containsExactly("Retain");
  }
}
