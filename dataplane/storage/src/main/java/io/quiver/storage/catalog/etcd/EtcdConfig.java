package io.quiver.storage.catalog.etcd;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of an {@link EtcdKvStore}, validated on construction: a bad value throws {@link
 * IllegalArgumentException} naming the setting, so a process stops at start with a clear message.
 * Start from {@link #of} (defaults) and adjust with the {@code with...} methods.
 *
 * @param endpoints etcd client URLs, {@code http://host:port}, at least one; calls are balanced over
 *     them and go on when some are down
 * @param rootPrefix the etcd key under which this store keeps its keys, starting and ending with
 *     {@code /}, e.g. {@code /quiver/prod-eu1/}; a store key {@code k} is the etcd key {@code
 *     rootPrefix + k}. Two stores with the same root share their keys
 * @param callTimeout the deadline of every call to etcd (default {@value #DEFAULT_CALL_TIMEOUT_MILLIS}
 *     ms): with etcd unreachable, calls fail within about this time with {@link
 *     CatalogUnavailableException} or {@link CommitOutcomeUnknownException}; a {@link
 *     EtcdKvStore#scan scan} of many pages has this deadline per page
 * @param maxRequestBytes the largest transaction etcd accepts, its {@code --max-request-bytes}
 *     (default {@value #DEFAULT_MAX_REQUEST_BYTES}, etcd's default of 1.5 MiB); larger commits are
 *     refused before they are sent
 * @param maxTxnOps the most puts plus deletes, and the most compares, in one transaction: etcd's
 *     {@code --max-txn-ops} (default {@value #DEFAULT_MAX_TXN_OPS}, etcd's default)
 * @param scanPageSize keys read per range request of a scan (default {@value
 *     #DEFAULT_SCAN_PAGE_SIZE}); a page holds at most this many values of up to {@code
 *     maxRequestBytes} each
 */
public record EtcdConfig(
    List<String> endpoints, String rootPrefix, Duration callTimeout, int maxRequestBytes, int maxTxnOps, int scanPageSize) {

  public static final long DEFAULT_CALL_TIMEOUT_MILLIS = 2000;
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1536 * 1024;
  public static final int DEFAULT_MAX_TXN_OPS = 128;
  public static final int DEFAULT_SCAN_PAGE_SIZE = 500;

  public EtcdConfig {
    Objects.requireNonNull(endpoints, "endpoints");
    Objects.requireNonNull(rootPrefix, "rootPrefix");
    Objects.requireNonNull(callTimeout, "callTimeout");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("etcd endpoints: at least one is needed, e.g. http://127.0.0.1:2379");
    }
    for (String endpoint : endpoints) {
      checkEndpoint(endpoint);
    }
    if (rootPrefix.length() < 2 || !rootPrefix.startsWith("/") || !rootPrefix.endsWith("/")) {
      throw new IllegalArgumentException("etcd root prefix must start and end with '/' and name something, e.g. "
          + "/quiver/my-cluster/, not '" + rootPrefix + "'");
    }
    EtcdKeys.checkUnicode("etcd root prefix", rootPrefix);
    if (callTimeout.isNegative() || callTimeout.isZero() || callTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("etcd call timeout must be positive and at most an hour, not " + callTimeout);
    }
    if (maxRequestBytes < 4096) {
      throw new IllegalArgumentException("etcd max request bytes must be at least 4096, not " + maxRequestBytes);
    }
    if (maxTxnOps < 1) {
      throw new IllegalArgumentException("etcd max txn ops must be at least 1, not " + maxTxnOps);
    }
    if (scanPageSize < 1) {
      throw new IllegalArgumentException("etcd scan page size must be at least 1, not " + scanPageSize);
    }
  }

  /** The defaults for {@code endpoints} and {@code rootPrefix}. */
  public static EtcdConfig of(List<String> endpoints, String rootPrefix) {
    return new EtcdConfig(endpoints, rootPrefix, Duration.ofMillis(DEFAULT_CALL_TIMEOUT_MILLIS), DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_MAX_TXN_OPS, DEFAULT_SCAN_PAGE_SIZE);
  }

  public EtcdConfig withCallTimeout(Duration timeout) {
    return new EtcdConfig(endpoints, rootPrefix, timeout, maxRequestBytes, maxTxnOps, scanPageSize);
  }

  public EtcdConfig withMaxRequestBytes(int bytes) {
    return new EtcdConfig(endpoints, rootPrefix, callTimeout, bytes, maxTxnOps, scanPageSize);
  }

  public EtcdConfig withMaxTxnOps(int ops) {
    return new EtcdConfig(endpoints, rootPrefix, callTimeout, maxRequestBytes, ops, scanPageSize);
  }

  public EtcdConfig withScanPageSize(int keys) {
    return new EtcdConfig(endpoints, rootPrefix, callTimeout, maxRequestBytes, maxTxnOps, keys);
  }

  private static void checkEndpoint(String endpoint) {
    URI uri;
    try {
      uri = new URI(Objects.requireNonNull(endpoint, "endpoint"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("etcd endpoint '" + endpoint + "' must look like http://host:port: "
          + e.getMessage(), e);
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException("etcd endpoint '" + endpoint + "' must look like http://host:port"
          + ("https".equals(uri.getScheme()) ? " (TLS is not supported yet)" : ""));
    }
  }
}
