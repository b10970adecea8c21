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
 * @param source the caller's address
 */
@Introspected
public record AuditRecord(long seq, Instant time, String actor, String tenant, String action, String target,
    String result, String source) {
}
