package io.quiver.control.apikey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The stored form of a {@link KeyRegistry} (JSON, ISO-8601 times); shared by the stores. */
public final class RegistryJson {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private RegistryJson() {
  }

  public static byte[] write(KeyRegistry registry) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(registry);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a stored registry; throws {@link IllegalStateException} naming {@code where} if it is corrupt. */
  public static KeyRegistry read(byte[] json, String where) {
    try {
      KeyRegistry r = JSON.readValue(json, KeyRegistry.class);
      if (r == null || r.revision() < 0) {
        throw new IllegalStateException("the key registry in " + where + " has no valid revision");
      }
      return r;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("the key registry in " + where + " is corrupt: " + e.getMessage(), e);
    }
  }
}
