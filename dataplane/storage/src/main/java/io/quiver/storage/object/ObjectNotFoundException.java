package io.quiver.storage.object;

/** The object does not exist (S3 {@code NoSuchKey}, or no such file). Never retryable. */
public class ObjectNotFoundException extends ObjectStoreException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public ObjectNotFoundException(String key, String message) {
    super(message, false);
    this.key = key;
  }

  /** The key, relative to the store that was asked. */
  public String key() {
    return key;
  }
}
