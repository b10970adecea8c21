package io.quiver.storage.crypto;

import io.quiver.engine.error.ErrorCode;

/**
 * The key provider could not be asked (KMS unreachable, key file unreadable or malformed):
 * {@link ErrorCode#STORAGE_UNAVAILABLE}, retryable. Encryption and decryption fail closed while
 * this lasts, so that a revocation behind the outage cannot go unnoticed.
 *
 * <p>The message names the key reference and, once known, the database; never key material.
 */
public final class KeyUnavailableException extends KeyAccessException {

  private static final long serialVersionUID = 1L;

  public KeyUnavailableException(KeyRef keyRef, String reason) {
    this(keyRef, null, reason, null);
  }

  public KeyUnavailableException(KeyRef keyRef, String reason, Throwable cause) {
    this(keyRef, null, reason, cause);
  }

  private KeyUnavailableException(KeyRef keyRef, String database, String reason, Throwable cause) {
    super(ErrorCode.STORAGE_UNAVAILABLE, message(keyRef, database, reason), keyRef, database, reason, cause);
  }

  private static String message(KeyRef keyRef, String database, String reason) {
    String prefix = database == null ? "" : "database '" + database + "': ";
    return prefix + "encryption key '" + keyRef + "' is unavailable (" + reason + "); retry later";
  }

  @Override
  KeyUnavailableException forDatabase(String database) {
    return database() != null ? this : new KeyUnavailableException(keyRef(), database, reason(), this);
  }
}
