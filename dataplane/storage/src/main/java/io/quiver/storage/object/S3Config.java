package io.quiver.storage.object;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of an {@link S3ObjectStore}, checked when constructed: a bad value throws {@link
 * IllegalArgumentException} naming the setting and the value (never a credential); nothing
 * falls back to a default silently. {@link #toString()} does not show the credentials.
 *
 * @param endpoint the service's URL, {@code http://host:port} or {@code https://host[:port]}, no
 *     path (e.g. {@code https://s3.eu-west-1.amazonaws.com}, {@code http://minio.storage:9000})
 * @param bucket the bucket (S3 naming rules: 3 to 63 characters of {@code a-z 0-9 . -})
 * @param accessKey the access key id
 * @param secretKey the secret access key
 * @param region the region requests are signed for. Default {@value #DEFAULT_REGION}
 * @param pathPrefix the key prefix under which this store keeps its objects, so that clusters can
 *     share a bucket: {@code ""} for the bucket's root, or segments such as {@code
 *     quiver/cluster-a}; leading and trailing {@code '/'} are dropped. Default {@code ""}
 * @param partSizeBytes the part size of multipart uploads; objects larger than one part are
 *     uploaded in parts. From 5 MiB (S3's minimum) to 1 GiB; default 16 MiB. An upload that would
 *     need more than 10,000 parts (S3's maximum) uses larger parts
 * @param maxAttempts how many times one request is tried before a transient failure is given
 *     up on (1 = no retries). From 1 to 100; default {@value #DEFAULT_MAX_ATTEMPTS}
 * @param initialBackoff the pause before the first retry; each further pause doubles, up to
 *     {@code maxBackoff}, and is randomized to between half and all of that (jitter). From 1 ms
 *     to {@code maxBackoff}; default 50 ms
 * @param maxBackoff the longest pause between two attempts. Up to 1 minute; default 2 s
 * @param requestTimeout the longest one attempt may wait: to connect, for a response (sending the
 *     request body included), and for each read of a response body. From 100 ms to 1 hour;
 *     default 30 s
 * @param deadline the longest one request, all its attempts and pauses included, may take before
 *     the call fails with a retryable {@link ObjectStoreException} (see {@link ObjectStore});
 *     callers can shorten it per call with {@link ObjectStore#withDeadline}. From 100 ms to 1
 *     hour; default 60 s
 * @param createBucketIfMissing whether {@link S3ObjectStore#open} creates the bucket when it does
 *     not exist; otherwise a missing bucket fails the open. Default false
 */
public record S3Config(
    String endpoint,
    String bucket,
    String accessKey,
    String secretKey,
    String region,
    String pathPrefix,
    long partSizeBytes,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration requestTimeout,
    Duration deadline,
    boolean createBucketIfMissing) {

  public static final String DEFAULT_REGION = "us-east-1";
  public static final long MIN_PART_SIZE_BYTES = 5L << 20;
  public static final long MAX_PART_SIZE_BYTES = 1L << 30;
  public static final long DEFAULT_PART_SIZE_BYTES = 16L << 20;
  public static final int DEFAULT_MAX_ATTEMPTS = 8;
  public static final int MAX_MAX_ATTEMPTS = 100;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(50);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  private static final Duration MIN_BACKOFF = Duration.ofMillis(1);
  private static final Duration MAX_MAX_BACKOFF = Duration.ofMinutes(1);
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
  private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3Config {
    endpoint = checkEndpoint(endpoint);
    if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException("S3 setting bucket must be 3 to 63 characters of a-z, 0-9, '.' and '-', "
          + "starting and ending with a letter or digit, got '" + bucket + "'");
    }
    if (accessKey == null || accessKey.isBlank()) {
      throw new IllegalArgumentException("S3 setting accessKey must be set");
    }
    if (secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("S3 setting secretKey must be set");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("S3 setting region must be set (e.g. " + DEFAULT_REGION + ")");
    }
    pathPrefix = normalizePrefix(pathPrefix);
    if (partSizeBytes < MIN_PART_SIZE_BYTES || partSizeBytes > MAX_PART_SIZE_BYTES) {
      throw new IllegalArgumentException("S3 setting partSizeBytes must be between " + MIN_PART_SIZE_BYTES + " and "
          + MAX_PART_SIZE_BYTES + " bytes, got " + partSizeBytes);
    }
    if (maxAttempts < 1 || maxAttempts > MAX_MAX_ATTEMPTS) {
      throw new IllegalArgumentException("S3 setting maxAttempts must be between 1 and " + MAX_MAX_ATTEMPTS
          + ", got " + maxAttempts);
    }
    checkDuration("maxBackoff", maxBackoff, MIN_BACKOFF, MAX_MAX_BACKOFF);
    checkDuration("initialBackoff", initialBackoff, MIN_BACKOFF, maxBackoff);
    checkDuration("requestTimeout", requestTimeout, MIN_TIMEOUT, MAX_TIMEOUT);
    checkDuration("deadline", deadline, MIN_TIMEOUT, MAX_TIMEOUT);
  }

  /** The defaults above for the given endpoint, bucket and credentials. */
  public static S3Config of(String endpoint, String bucket, String accessKey, String secretKey) {
    return new S3Config(endpoint, bucket, accessKey, secretKey, DEFAULT_REGION, "", DEFAULT_PART_SIZE_BYTES,
        DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_REQUEST_TIMEOUT, DEFAULT_DEADLINE,
        false);
  }

  public S3Config withRegion(String value) {
    return new S3Config(endpoint, bucket, accessKey, secretKey, value, pathPrefix, partSizeBytes, maxAttempts,
        initialBackoff, maxBackoff, requestTimeout, deadline, createBucketIfMissing);
  }

  public S3Config withPathPrefix(String value) {
    return new S3Config(endpoint, bucket, accessKey, secretKey, region, value, partSizeBytes, maxAttempts,
        initialBackoff, maxBackoff, requestTimeout, deadline, createBucketIfMissing);
  }

  public S3Config withPartSizeBytes(long value) {
    return new S3Config(endpoint, bucket, accessKey, secretKey, region, pathPrefix, value, maxAttempts,
        initialBackoff, maxBackoff, requestTimeout, deadline, createBucketIfMissing);
  }

  public S3Config withMaxAttempts(int value) {
    return new S3Config(endpoint, bucket, accessKey, secretKey, region, pathPrefix, partSizeBytes, value,
        initialBackoff, maxBackoff, requestTimeout, deadline, createBucketIfMissing);
  }

  /** Both backoff bounds at once, so that they can be moved past each other. */
  public S3Config withBackoff(Duration initial, Duration max) {
    return new S3Config(endpoint, bucket, accessKey, secretKey, region, pathPrefix, partSizeBytes, maxAttempts,
        initial, max, requestTimeout, deadline, createBucketIfMissing);
  }

  public S3Config withRequestTimeout(Duration value) {
    return new S3Config(endpoint, bucket, accessKey, secretKey, region, pathPrefix, partSizeBytes, maxAttempts,
        initialBackoff, maxBackoff, value, deadline, createBucketIfMissing);
  }

  public S3Config withDeadline(Duration value) {
    return new S3Config(endpoint, bucket, accessKey, secretKey, region, pathPrefix, partSizeBytes, maxAttempts,
        initialBackoff, maxBackoff, requestTimeout, value, createBucketIfMissing);
  }

  public S3Config withCreateBucketIfMissing(boolean value) {
    return new S3Config(endpoint, bucket, accessKey, secretKey, region, pathPrefix, partSizeBytes, maxAttempts,
        initialBackoff, maxBackoff, requestTimeout, deadline, value);
  }

  public S3Config withCredentials(String newAccessKey, String newSecretKey) {
    return new S3Config(endpoint, bucket, newAccessKey, newSecretKey, region, pathPrefix, partSizeBytes, maxAttempts,
        initialBackoff, maxBackoff, requestTimeout, deadline, createBucketIfMissing);
  }

  /** {@code s3://bucket} or {@code s3://bucket/prefix}: where the objects live, for messages. */
  public String location() {
    return "s3://" + bucket + (pathPrefix.isEmpty() ? "" : "/" + pathPrefix);
  }

  /** All settings but the credentials, which show as {@code ***}. */
  @Override
  public String toString() {
    return "S3Config[endpoint=" + endpoint + ", bucket=" + bucket + ", accessKey=***, secretKey=***, region=" + region
        + ", pathPrefix=" + pathPrefix + ", partSizeBytes=" + partSizeBytes + ", maxAttempts=" + maxAttempts
        + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff + ", requestTimeout=" + requestTimeout
        + ", deadline=" + deadline + ", createBucketIfMissing=" + createBucketIfMissing + "]";
  }

  private static String checkEndpoint(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("S3 setting endpoint must be set, e.g. https://s3.eu-west-1.amazonaws.com");
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("S3 setting endpoint is not a URL: '" + endpoint + "'");
    }
    String scheme = uri.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("S3 setting endpoint must start with http:// or https://, got '" + endpoint + "'");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("S3 setting endpoint has no host: '" + endpoint + "'");
    }
    if (uri.getUserInfo() != null) {
      // do not echo it: user info may hold credentials
      throw new IllegalArgumentException("S3 setting endpoint must not contain user information (credentials go in accessKey and secretKey)");
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("S3 setting endpoint must be scheme://host[:port] without a path or query, got '"
          + endpoint + "' (put key prefixes in pathPrefix)");
    }
    return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }

  private static String normalizePrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    String p = prefix;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (!p.isEmpty()) {
      try {
        ObjectKeys.requireValidKey(p);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("S3 setting pathPrefix is invalid: " + e.getMessage());
      }
    }
    return p;
  }

  private static void checkDuration(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, () -> "S3 setting " + name + " must be set");
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException("S3 setting " + name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
