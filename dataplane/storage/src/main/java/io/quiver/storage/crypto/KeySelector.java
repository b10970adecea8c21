package io.quiver.storage.crypto;

import io.quiver.engine.error.QuiverException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which key-encryption key protects a database: read from the database's properties (property
 * {@value #PROPERTY}, a {@link KeyRef}), so that altering the property moves the database to
 * another key (re-wrap its objects with {@link EnvelopeCipher#rewrap(EnvelopeHeader)}).
 *
 * <p>Only the control plane should set the property: it decides which keys a database may use.
 * Validate it when set ({@link #keyRefOf(Map)} rejects a malformed reference).
 *
 * <p>Thread safety: implementations must be thread-safe; they are called on every encryption
 * and decryption, so they should be cheap (an in-memory lookup).
 */
@FunctionalInterface
public interface KeySelector {

  /** The database property naming the database's key, e.g. {@code secret:tenant-a/db1-key#key}. */
  String PROPERTY = "database.encryption.key";

  /**
   * The key that protects the database's new objects.
   *
   * @throws QuiverException if the database has no key
   */
  KeyRef keyRef(String database);

  /**
   * Whether an object of {@code database} may be decrypted with {@code ref}, the key its header
   * names. Default: only the database's current key. During a move to another key, accept the
   * previous one too until every object was re-wrapped.
   */
  default boolean accepts(String database, KeyRef ref) {
    return ref.equals(keyRef(database));
  }

  /** The key named by a database's properties, if any. */
  static Optional<KeyRef> keyRefOf(Map<String, String> properties) {
    String value = properties.get(PROPERTY);
    return value == null ? Optional.empty() : Optional.of(KeyRef.parse(value));
  }

  /**
   * A selector reading {@value #PROPERTY} from the properties of each database.
   *
   * @param propertiesOf the current properties of a database (empty if it has none)
   */
  static KeySelector fromProperties(Function<String, Map<String, String>> propertiesOf) {
    Objects.requireNonNull(propertiesOf, "propertiesOf");
    return database -> keyRefOf(propertiesOf.apply(database))
        .orElseThrow(() -> QuiverException.invalid(
            "database '%s' has no encryption key (database property %s)", database, PROPERTY));
  }

  /** Every database uses {@code ref}. */
  static KeySelector fixed(KeyRef ref) {
    Objects.requireNonNull(ref, "ref");
    return database -> ref;
  }
}
