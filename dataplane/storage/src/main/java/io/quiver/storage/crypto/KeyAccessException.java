package io.quiver.storage.crypto;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;

/**
 * A key-encryption key cannot be used: {@link KeyRevokedException} (not retryable) or {@link
 * KeyUnavailableException} (retryable). A provider throws it naming the key; the cipher adds the
 * database with {@link #forDatabase}. The message never contains key material.
 */
public abstract sealed class KeyAccessException extends QuiverException
    permits KeyRevokedException, KeyUnavailableException {

  private static final long serialVersionUID = 1L;

  private final transient KeyRef keyRef;
  private final String database;
  private final String reason;

  KeyAccessException(ErrorCode code, String message, KeyRef keyRef, String database, String reason, Throwable cause) {
    super(code, message, cause);
    this.keyRef = keyRef;
    this.database = database;
    this.reason = reason;
  }

  /** The same failure naming the database whose data the key protects (this one as the cause). */
  abstract KeyAccessException forDatabase(String database);

  public KeyRef keyRef() {
    return keyRef;
  }

  /** The database, or null where a provider threw it. */
  public String database() {
    return database;
  }

  /** Why, without the key or database; e.g. "key file /keys/db1 does not exist". */
  public String reason() {
    return reason;
  }
}
