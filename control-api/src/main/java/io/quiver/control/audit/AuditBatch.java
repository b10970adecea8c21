package io.quiver.control.audit;

import io.micronaut.core.annotation.Introspected;
import java.time.Instant;
import java.util.List;

/**
 * A batch of audit events the data plane ships ({@code POST /api/v1/audit/events}).
 *
 * @param batch the batch's id (the data plane sends a batch again with the same id when it did not
 *     get the answer; a batch id seen recently is not stored twice)
 * @param events the events, oldest first, 1 to {@value AuditIntakeController#MAX_EVENTS}
 */
@Introspected
public record AuditBatch(String batch, List<Event> events) {

  /**
   * One administrative RPC on the data plane.
   *
   * @param time when the data plane answered it
   * @param actor {@code apikey:<id>}, a Milvus user name, {@code anonymous} or {@code unauthenticated}
   * @param tenant the API key's tenant, or {@code ""}
   * @param action the RPC, e.g. {@code CreateCollection}
   * @param target what it acted on, e.g. {@code acme_prod/docs}
   * @param result {@code success}, {@code denied: <reason>} or {@code failed: <reason>}
   * @param source the gRPC client's address
   */
  @Introspected
  public record Event(Instant time, String actor, String tenant, String action, String target, String result,
      String source) {
  }
}
