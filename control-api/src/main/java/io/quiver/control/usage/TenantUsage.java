package io.quiver.control.usage;

import io.micronaut.core.annotation.Introspected;
import java.util.List;

/**
 * A tenant's usage of the data plane, read when asked.
 *
 * @param tenant the tenant
 * @param databases the tenant's databases that exist on the data plane
 * @param collections collections in all of them
 * @param rows rows in all of them
 * @param vectorBytes raw vector data in all of them: rows times the encoded size of each vector
 *     field (dense: dim × 4, 2 or 1 bytes; binary: dim / 8; sparse vectors are not counted). Not the
 *     on-disk size, which the data plane does not report.
 * @param requests authenticated requests the data plane received for these databases since it started
 * @param requestsSinceMs when the data plane started counting (epoch milliseconds); two readings
 *     give the current rate
 */
@Introspected
public record TenantUsage(String tenant, List<Database> databases, long collections, long rows, long vectorBytes,
    long requests, long requestsSinceMs) {

  /**
   * One database.
   *
   * @param name its name
   * @param collections its collections
   * @param rows rows in them
   * @param vectorBytes raw vector data in them
   * @param requests requests by RPC name (Search, Query, Insert, ...) since the data plane started
   * @param requestsPerSecond all its requests per second, averaged since the data plane started
   */
  @Introspected
  public record Database(String name, List<Collection> collections, long rows, long vectorBytes,
      java.util.Map<String, Long> requests, double requestsPerSecond) {
  }

  /**
   * One collection.
   *
   * @param name its name
   * @param rows rows (GetCollectionStatistics' row_count)
   * @param vectorBytes raw vector data
   */
  @Introspected
  public record Collection(String name, long rows, long vectorBytes) {
  }
}
