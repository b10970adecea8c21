package io.quiver.storage.crypto;

import io.quiver.engine.error.ErrorCode;

/**
 * The key provider refuses a key-encryption key: it was revoked (deleted, disabled, marked
 * revoked, access denied) or the version an object needs was retired. {@link
 * ErrorCode#KEY_REVOKED}: not retryable; access returns once the key is granted again.
 *
 * <p>The message names the key reference and, once known, the database; never key material.
 */
public final class KeyRevokedException extends KeyAccessException {

  private static final long serialVersionUID = 1L;

  /** As thrown by a provider, which does not know the database. */
  public KeyRevokedException(KeyRef keyRef, String reason) {
    this(keyRef, null, reason, null);
  }

  private KeyRevokedException(KeyRef keyRef, String database, String reason, Throwable cause) {
    super(ErrorCode.KEY_REVOKED, message(keyRef, database, reason), keyRef, database, reason, cause);
  }

  private static String message(KeyRef keyRef, String database, String reason) {
    if (database == null) {
      return "encryption key '" + keyRef + "' is revoked: " + reason;
    }
    return "database '" + database + "' cannot be read or written: its encryption key '" + keyRef
        + "' is revoked (" + reason + "); access returns when the key is granted again";
  }

  @Override
  KeyRevokedException forDatabase(String database) {
    return database() != null ? this : new KeyRevokedException(keyRef(), database, reason(), this);
  }
}
