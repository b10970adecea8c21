package io.quiver.storage.crypto;

import java.io.IOException;

/** The KMS refuses the key: it is disabled, deleted, or this identity lost permission to use it. */
public class KmsAccessDeniedException extends IOException {

  private static final long serialVersionUID = 1L;

  public KmsAccessDeniedException(String message) {
    super(message);
  }

  public KmsAccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
