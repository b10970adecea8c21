package io.quiver.control.audit;

import io.micronaut.core.annotation.Introspected;
import java.time.Instant;

/**
 * One entry of the audit log.
 *
 * @param seq position in the log, from 1, without gaps
 * @param time when the answer was sent
 * @param actor who acted: a Keycloak user name, {@code service:key-registry}, or
 *     {@code unauthenticated}
 * @param tenant the tenant acted on, or {@code ""}
 * @param action what was done, e.g. {@code createApiKey}
 * @param target the resource, e.g. {@code /api/v1/tenants/acme/api-keys/k1}
 * @param result {@code success}, {@code denied: <reason>} or {@code failed: <reason>}
 * @param source the caller's address (for data-plane events: the gRPC client's address)
 * @param origin where it happened: {@value #CONTROL_API} (a REST call) or {@value #DATA_PLANE} (an
 *     administrative RPC, shipped by the data plane); entries written before this field existed
 *     read as {@value #CONTROL_API}
 */
@Introspected
public record AuditRecord(long seq, Instant time, String actor, String tenant, String action, String target,
    String result, String source, String origin) {

  /** {@link #origin} of REST calls. */
  public static final String CONTROL_API = "control-api";
  /** {@link #origin} of data-plane RPCs. */
  public static final String DATA_PLANE = "data-plane";

  public AuditRecord {
    if (origin == null || origin.isEmpty()) {
      origin = CONTROL_API;
    }
  }

  /**
   * An entry to append (its sequence number is assigned by the log).
   *
   * @param time when it happened
   * @param actor who acted
   * @param tenant the tenant, or {@code ""}
   * @param action what was done
   * @param target what it was done to
   * @param result the outcome
   * @param source the caller's address
   * @param origin {@link #CONTROL_API} or {@link #DATA_PLANE}
   */
  public record Entry(Instant time, String actor, String tenant, String action, String target, String result,
      String source, String origin) {
  }
}
