package io.quiver.server.auth;

/**
 * Where the data plane reports administrative actions: every create/drop/alter of databases,
 * collections, partitions, indexes and aliases, every change to users, roles, grants and
 * privilege groups, and every load and release, with the outcome (including denied and
 * unauthenticated attempts).
 *
 * <p>Implementations are called on the gRPC thread that answers the call, after the answer is
 * decided; they must not block for long and must not throw (a failure to record is theirs to
 * report). {@link LogAuditSink} writes one structured log line per event; {@link AuditShipper}
 * ships events to the control plane's append-only audit log ({@code security.audit.url}).
 */
@FunctionalInterface
public interface AuditSink {

  void record(AuditEvent event);
}
