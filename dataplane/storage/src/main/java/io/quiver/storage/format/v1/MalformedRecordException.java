package io.quiver.storage.format.v1;

/**
 * Bytes handed to a decoder are not a valid record of its format, or do not fit the schema they
 * are decoded with (a field id the schema does not know, a type that differs). Not retryable:
 * the same bytes fail the same way.
 */
public final class MalformedRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedRecordException(String message) {
    super(message);
  }

  public MalformedRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
