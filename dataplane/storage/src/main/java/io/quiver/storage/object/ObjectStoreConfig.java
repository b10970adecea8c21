package io.quiver.storage.object;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Which object store a server uses, as its configuration says; {@link #open()} makes it.
 *
 * <p>Proposed server configuration keys (defaults in brackets), each mapping to one field here or
 * in {@link S3Config}:
 *
 * <ul>
 *   <li>{@code storage.object-store} [{@code local}]: {@code local} or {@code s3} ({@link
 *       Kind#parse})
 *   <li>{@code storage.object-store.dir} [{@code <storage.data-dir>/objects}]: the local store's
 *       directory
 *   <li>{@code storage.s3.endpoint}, {@code storage.s3.bucket} (required for {@code s3})
 *   <li>{@code storage.s3.access-key-id}, {@code storage.s3.secret-access-key} (required for
 *       {@code s3}; in Kubernetes from the Secret the operator names, environment {@code
 *       QUIVER_OBJECT_STORE_ACCESS_KEY_ID} / {@code QUIVER_OBJECT_STORE_SECRET_ACCESS_KEY})
 *   <li>{@code storage.s3.region} [{@value S3Config#DEFAULT_REGION}], {@code storage.s3.prefix}
 *       [empty]
 *   <li>{@code storage.s3.part-size} [16m], {@code storage.s3.max-attempts} [8], {@code
 *       storage.s3.initial-backoff} [50ms], {@code storage.s3.max-backoff} [2s], {@code
 *       storage.s3.request-timeout} [30s], {@code storage.s3.deadline} [60s], {@code
 *       storage.s3.create-bucket} [false]
 * </ul>
 */
public sealed interface ObjectStoreConfig permits ObjectStoreConfig.Local, ObjectStoreConfig.S3 {

  /** Opens the store; the caller closes it. */
  ObjectStore open() throws ObjectStoreException;

  /** The kinds of store, as named in configuration. */
  enum Kind {
    LOCAL,
    S3;

    /** {@code local} or {@code s3} (any case). */
    public static Kind parse(String value) {
      if (value != null) {
        for (Kind kind : values()) {
          if (kind.name().equalsIgnoreCase(value.trim())) {
            return kind;
          }
        }
      }
      throw new IllegalArgumentException("object store must be 'local' or 's3', got '" + value + "'");
    }

    /** The name in configuration: {@code local} or {@code s3}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The local directory store.
   *
   * @param root its directory, created if missing
   * @param fsync whether writes are forced to disk before they return (see {@link LocalObjectStore})
   */
  record Local(Path root, boolean fsync) implements ObjectStoreConfig {
    public Local {
      Objects.requireNonNull(root, "local object store directory");
    }

    @Override
    public ObjectStore open() throws ObjectStoreException {
      return new LocalObjectStore(root, fsync);
    }
  }

  /** An S3 bucket. */
  record S3(S3Config config) implements ObjectStoreConfig {
    public S3 {
      Objects.requireNonNull(config, "S3 configuration");
    }

    @Override
    public ObjectStore open() throws ObjectStoreException {
      return S3ObjectStore.open(config);
    }
  }
}
