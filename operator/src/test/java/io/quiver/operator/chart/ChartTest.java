package io.quiver.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import io.quiver.operator.OperatorPermissions;
import io.quiver.operator.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Helm chart lints strictly, renders, ships the generated CRDs unchanged and grants exactly the operator's permissions. */
class ChartTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static Path chart() {
    return Samples.repoRoot().resolve("charts/quiver");
  }

  private static List<JsonNode> render() throws IOException {
    String text = new Helm(chart()).template().withName("quiver").withNamespace("quiver-system").call();
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(text)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  @Test
  void lintStrictPasses() {
    var result = new Helm(chart()).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void templateRendersTheOperatorDeploymentServiceAccountAndRbac() throws IOException {
    List<JsonNode> docs = render();
    assertThat(docs).extracting(d -> d.path("kind").asText())
        .containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment");
    JsonNode deployment = docs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(container.path("image").asText()).isEqualTo("quiver/quiver:0.1.0");
    assertThat(container.path("args").get(0).asText()).isEqualTo("operator");
    assertThat(container.path("env").findValuesAsText("name")).contains("POD_NAME", "POD_NAMESPACE",
        "QUIVER_OPERATOR_LEADER_ELECTION");
    assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("quiver");
  }

  @Test
  void chartCrdsAreTheGeneratedOnes() throws IOException {
    Path generated = Samples.repoRoot().resolve("crds/generated");
    List<String> names;
    try (Stream<Path> files = Files.list(generated)) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    try (Stream<Path> files = Files.list(chart().resolve("crds"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(names);
    }
    for (String name : names) {
      assertThat(Files.readString(chart().resolve("crds").resolve(name)))
          .as("charts/quiver/crds/%s must be a copy of crds/generated/%s", name, name)
          .isEqualTo(Files.readString(generated.resolve(name)));
    }
  }

  @Test
  void clusterRoleGrantsExactlyWhatTheOperatorUses() throws IOException {
    JsonNode role = render().stream().filter(d -> d.path("kind").asText().equals("ClusterRole")).findFirst().orElseThrow();
    Map<String, Set<String>> granted = new TreeMap<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            granted.computeIfAbsent(group.asText() + "/" + resource.asText(), k -> new TreeSet<>()).add(verb.asText());
          }
        }
      }
    }
    assertThat(granted).isEqualTo(OperatorPermissions.rules());
  }
}
