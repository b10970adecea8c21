package io.quiver.storage.object;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.errors.XmlParserException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Which S3 failures are transient, and the messages for all of them.
 *
 * <p>Retryable: no connection or a broken one (refused, reset, closed early), a timeout, an
 * unknown host (DNS can flap during an outage), HTTP 408, 429, 500, 502, 503 and 504, and the
 * S3 codes {@code SlowDown}, {@code RequestTimeout}, {@code InternalError}, {@code
 * ServiceUnavailable}, {@code OperationAborted}; a response that cannot be parsed. Everything
 * else is permanent: {@code NoSuchKey} (an {@link ObjectNotFoundException}), {@code
 * NoSuchBucket}, rejected credentials ({@code AccessDenied}, {@code InvalidAccessKeyId}, {@code
 * SignatureDoesNotMatch}, any 403), {@code InvalidRange}, TLS certificate failures, and
 * everything not listed.
 *
 * <p>Messages name the operation, bucket and object and the S3 code, HTTP status, message and
 * request id. The MinIO exceptions are not kept as causes: their request traces hold the
 * request's headers, and so the access key id. Network exceptions are kept.
 */
final class S3Errors {

  private static final Set<String> RETRYABLE_CODES = Set.of(
      "SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "OperationAborted", "RequestTimeoutException",
      "ThrottlingException", "Throttling", "TooManyRequests");
  private static final Set<String> CREDENTIAL_CODES = Set.of(
      "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "AuthorizationHeaderMalformed");
  private static final Pattern RESPONSE_CODE = Pattern.compile("Response code: (\\d{3})");

  private S3Errors() {}

  /**
   * A failure reported by the S3 service with an error code.
   *
   * <p>{@code code} is the S3 error code ({@code NoSuchBucket}), {@code status} the HTTP status.
   */
  static final class ServiceException extends ObjectStoreException {
    private static final long serialVersionUID = 1L;
    final String code;
    final int status;

    ServiceException(String message, boolean retryable, String code, int status) {
      super(message, retryable);
      this.code = code;
      this.status = status;
    }
  }

  /** An attempt got no response in time. */
  static final class AttemptTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    AttemptTimeoutException(long timeoutNanos) {
      super("no response within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }
  }

  /** The S3 error code of {@code failure} (after unwrapping), or null if it has none. */
  static String code(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof ErrorResponseException ere) {
      return ere.errorResponse().code();
    }
    if (e instanceof ServiceException se) {
      return se.code;
    }
    return null;
  }

  /** The cause under {@link CompletionException} and {@link ExecutionException} wrappers. */
  static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * The store's exception for what an attempt of {@code what} threw.
   *
   * @param what the operation and location, e.g. {@code "GET s3://bucket/prefix/key"}
   * @param key the store-relative key, for {@link ObjectNotFoundException}; null if none
   * @param bucket the bucket, for {@code NoSuchBucket} messages
   */
  static ObjectStoreException classify(String what, String key, String bucket, Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof ObjectStoreException ose) {
      return ose;
    }
    if (e instanceof ErrorResponseException ere) {
      return service(what, key, bucket, ere);
    }
    if (e instanceof ServerException se) {
      int status = se.statusCode();
      return new ServiceException(what + ": HTTP " + status + " from S3", retryableStatus(status), null, status);
    }
    if (e instanceof InvalidResponseException ire) {
      Matcher m = RESPONSE_CODE.matcher(String.valueOf(ire.getMessage()));
      int status = m.find() ? Integer.parseInt(m.group(1)) : 0;
      return new ServiceException(what + ": not an S3 response (HTTP " + status + "): " + abbreviate(ire.getMessage()),
          status == 0 || retryableStatus(status), null, status);
    }
    if (e instanceof XmlParserException) {
      return new ObjectStoreException(what + ": unreadable S3 response: " + abbreviate(e.getMessage()), true);
    }
    if (e instanceof InsufficientDataException) {
      return new ObjectStoreException(what + ": " + e.getMessage(), false);
    }
    if (e instanceof AttemptTimeoutException) {
      return new ObjectStoreException(what + ": " + e.getMessage(), true, e);
    }
    if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException) {
      return new ObjectStoreException(what + ": TLS handshake with the S3 endpoint failed: " + e.getMessage(), false, e);
    }
    if (e instanceof UnknownHostException) {
      return new ObjectStoreException(what + ": unknown host " + e.getMessage(), true, e);
    }
    if (e instanceof IOException) {
      return new ObjectStoreException(what + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), true, e);
    }
    if (e instanceof IllegalArgumentException) {
      return new ObjectStoreException(what + ": rejected by the S3 client: " + e.getMessage(), false, e);
    }
    return new ObjectStoreException(what + ": " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
        false, e);
  }

  private static ObjectStoreException service(String what, String key, String bucket, ErrorResponseException ere) {
    String code = ere.errorResponse().code();
    int status = ere.response() == null ? 0 : ere.response().code();
    String requestId = ere.errorResponse().requestId();
    String detail = "S3 " + code + " (HTTP " + status + (requestId == null || requestId.isEmpty() ? "" : ", request id " + requestId)
        + "): " + ere.errorResponse().message();
    if ("NoSuchKey".equals(code) && key != null) {
      return new ObjectNotFoundException(key, what + ": no such object");
    }
    if ("NoSuchBucket".equals(code)) {
      return new ServiceException(what + ": the bucket '" + bucket + "' does not exist; " + detail, false, code, status);
    }
    if (CREDENTIAL_CODES.contains(code) || status == 403) {
      return new ServiceException(what + ": S3 refused the credentials or their permissions on bucket '" + bucket
          + "'; check the access key, the secret key and the bucket's policy; " + detail, false, code, status);
    }
    if ("InvalidRange".equals(code)) {
      return new ServiceException(what + ": the range lies past the end of the object; " + detail, false, code, status);
    }
    boolean retryable = RETRYABLE_CODES.contains(code) || retryableStatus(status);
    return new ServiceException(what + ": " + detail, retryable, code, status);
  }

  private static boolean retryableStatus(int status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
