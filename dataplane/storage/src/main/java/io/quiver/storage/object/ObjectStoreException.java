package io.quiver.storage.object;

import java.io.IOException;

/**
 * An object-store operation failed. The message names the operation and the object (for S3 the
 * bucket and the full object name, {@code s3://bucket/prefix/key}) and never contains credentials.
 *
 * <p>{@link #retryable()} tells callers what to do: {@code true} means the failure was transient
 * (the backend unreachable or overloaded, a timeout, the deadline passed while retrying) and the
 * same call may succeed later, so a caller may report a retryable error to its own client;
 * {@code false} means it will fail the same way until something changes (a missing object or
 * bucket, rejected credentials, an invalid range, a local disk error).
 *
 * <p>A failed write leaves the previous object, if any, or no object: never part of the new one.
 */
public class ObjectStoreException extends IOException {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public ObjectStoreException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public ObjectStoreException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** The failure of a ranged read that reaches past the end of an object of {@code size} bytes. */
  static ObjectStoreException rangePastEnd(String operation, String location, long offset, long length, long size) {
    return new ObjectStoreException(operation + " " + location + ": the range of " + length + " bytes at offset " + offset
        + " reaches past the end of the object (" + size + " bytes)", false);
  }

  /** The failure of a write whose source stream held fewer bytes than promised. */
  static ObjectStoreException sourceTooShort(String operation, String location, long read, long length) {
    return new ObjectStoreException(operation + " " + location + ": the data source ended after " + read + " of the "
        + length + " bytes promised; nothing was stored", false);
  }

  /** Whether the same call may succeed when tried again later. */
  public boolean retryable() {
    return retryable;
  }
}
