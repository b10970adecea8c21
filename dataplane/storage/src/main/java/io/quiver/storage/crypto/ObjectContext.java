package io.quiver.storage.crypto;

import io.quiver.engine.error.QuiverException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What an encrypted object is: bound into its AAD, so its ciphertext decrypts only under the
 * same database, collection and object name.
 *
 * @param database the database the object belongs to; its key protects the object
 * @param collection the collection, or empty for database-level objects
 * @param objectName the object's logical name within its database, stable across copies of the
 *     bucket: e.g. {@code <collectionId>/segments/<segmentId>/vectors.arrow} or {@code
 *     wal/<shard>}; not including a cluster or bucket prefix, which may change without the data
 *     changing
 */
public record ObjectContext(String database, String collection, String objectName) {

  /** The longest name, in UTF-8 bytes, of each part. */
  public static final int MAX_NAME_BYTES = 4096;

  public ObjectContext {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(objectName, "objectName");
    if (database.isEmpty() || objectName.isEmpty()) {
      throw QuiverException.invalid("an encrypted object needs a database and an object name");
    }
    check("database", database);
    check("collection", collection);
    check("object name", objectName);
  }

  private static void check(String what, String value) {
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw QuiverException.invalid("%s of an encrypted object is longer than %d bytes", what, MAX_NAME_BYTES);
    }
  }

  /** The length-prefixed encoding used in headers and AADs. */
  void writeTo(Bin.Writer out) {
    out.string(database).string(collection).string(objectName);
  }

  @Override
  public String toString() {
    return database + "/" + collection + "/" + objectName;
  }
}
