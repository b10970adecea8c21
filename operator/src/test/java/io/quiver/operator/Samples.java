package io.quiver.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the custom-resource samples under crds/samples as typed resources. */
public final class Samples {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Samples() {}

  /** The repository root (set by surefire/failsafe). */
  public static Path repoRoot() {
    return Path.of(System.getProperty("quiver.repo.root", ".."));
  }

  /** The sample {@code file} of crds/samples as {@code type}. */
  public static <T extends HasMetadata> T load(String file, Class<T> type) {
    try {
      return SERIALIZATION.unmarshal(Files.readString(repoRoot().resolve("crds/samples").resolve(file)), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
