package io.quiver.control.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import java.util.List;

/**
 * One page of the audit log.
 *
 * @param entries the entries, oldest first
 * @param next the {@code after} value for the next page, or null when this page was the last
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditPage(List<AuditRecord> entries, Long next) {
}
