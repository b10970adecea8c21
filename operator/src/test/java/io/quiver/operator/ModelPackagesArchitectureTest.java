package io.quiver.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Habit 2: desired-state code in {@code io.quiver.operator.<kind>.model} is pure. It may use the
 * Kubernetes object model and the CRD classes, never a client, JOSDK, or the data-plane connection.
 */
class ModelPackagesArchitectureTest {

  private static final List<String> FORBIDDEN = List.of("io.fabric8.kubernetes.client", "io.javaoperatorsdk",
      "io.quiver.operator.dataplane.DataPlaneClient", "io.quiver.operator.dataplane.DataPlaneConnector",
      "io.quiver.operator.status", "java.net", "java.nio.file", "io.grpc", "io.milvus");

  @Test
  void modelPackagesImportNoClientCode() throws IOException {
    Path main = Samples.repoRoot().resolve("operator/src/main/java/io/quiver/operator");
    List<Path> modelFiles;
    try (Stream<Path> files = Files.walk(main)) {
      modelFiles = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.getParent().getFileName().toString().equals("model")).toList();
    }
    assertThat(modelFiles).as("model sources").hasSizeGreaterThanOrEqualTo(5);
    List<String> violations = new ArrayList<>();
    for (Path file : modelFiles) {
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.trim();
        if (trimmed.startsWith("import ")) {
          String imported = trimmed.substring("import ".length()).replace("static ", "").replace(";", "");
          FORBIDDEN.stream().filter(imported::startsWith)
              .forEach(f -> violations.add(main.relativize(file) + " imports " + imported));
        }
        if (trimmed.contains("io.fabric8.kubernetes.client.") || trimmed.contains("io.javaoperatorsdk.")) {
          violations.add(main.relativize(file) + " names " + trimmed);
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
