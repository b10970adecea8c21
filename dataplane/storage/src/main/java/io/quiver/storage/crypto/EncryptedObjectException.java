package io.quiver.storage.crypto;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;

/**
 * An encrypted object or WAL record cannot be decrypted for a reason other than its key: it
 * belongs to another database, collection or object name, its header is malformed, or it fails
 * authentication (modified, truncated, chunks reordered). {@link ErrorCode#INTERNAL}: retrying
 * does not help.
 */
public final class EncryptedObjectException extends QuiverException {

  private static final long serialVersionUID = 1L;

  public EncryptedObjectException(String message) {
    super(ErrorCode.INTERNAL, message);
  }

  public EncryptedObjectException(String message, Throwable cause) {
    super(ErrorCode.INTERNAL, message, cause);
  }
}
