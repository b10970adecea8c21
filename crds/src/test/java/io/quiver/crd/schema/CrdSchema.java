package io.quiver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CRDs as committed under crds/generated, indexed by kind, and the samples under crds/samples.
 * Paths come from the system properties surefire sets (see crds/pom.xml).
 */
public final class CrdSchema {

  /** YAML reader shared by the tests; thread-safe once configured. */
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CrdSchema() {}

  /** The directory the build wrote its CRDs to. */
  public static Path builtDir() {
    return Path.of(System.getProperty("quiver.crds.built", "target/generated-crds"));
  }

  /** The committed CRDs. */
  public static Path committedDir() {
    return Path.of(System.getProperty("quiver.crds.committed", "generated"));
  }

  /** The samples. */
  public static Path samplesDir() {
    return Path.of(System.getProperty("quiver.crds.samples", "samples"));
  }

  /** Every committed CRD, by kind. */
  public static Map<String, JsonNode> crdsByKind() {
    Map<String, JsonNode> byKind = new TreeMap<>();
    for (Path file : yamlFiles(committedDir())) {
      JsonNode crd = read(file);
      byKind.put(crd.path("spec").path("names").path("kind").asText(), crd);
    }
    return byKind;
  }

  /** The openAPIV3Schema of the only version of the CRD of {@code kind}. */
  public static JsonNode schemaOf(String kind) {
    JsonNode crd = crdsByKind().get(kind);
    if (crd == null) {
      throw new IllegalArgumentException("no committed CRD for kind " + kind);
    }
    return crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
  }

  /** The YAML files directly in {@code dir}, sorted by name. */
  public static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one YAML document. */
  public static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The samples, each a parsed document. */
  public static List<Path> samples() {
    return new ArrayList<>(yamlFiles(samplesDir()));
  }
}
