package io.quiver.server.auth;

import java.time.Instant;

/**
 * One administrative action on the data plane, successful or not.
 *
 * @param time when the answer was sent
 * @param actor the user name, {@code apikey:<id>}, {@code anonymous} (authorization disabled) or
 *     {@code unauthenticated} (credentials refused)
 * @param tenant the API key's tenant, or {@code ""}
 * @param action the RPC name (e.g. CreateCollection)
 * @param target what it acted on (e.g. {@code db1/books}, {@code user alice})
 * @param result {@code success}, {@code denied: <reason>} or {@code failed: <reason>}
 * @param source the caller's address
 */
public record AuditEvent(Instant time, String actor, String tenant, String action, String target, String result,
    String source) {

  public boolean succeeded() {
    return "success".equals(result);
  }
}
