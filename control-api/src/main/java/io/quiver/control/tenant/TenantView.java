package io.quiver.control.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;

/**
 * A tenant as the REST API shows it.
 *
 * @param name the tenant id (lower-case letters and digits); its databases are {@code <name>} and
 *     {@code <name>_<anything>}
 * @param displayName the name shown to people
 * @param tier {@code Shared} or {@code Dedicated}, or null without a cluster
 * @param namespace the tenant's Kubernetes namespace, or null
 * @param quotas the limits, or null
 * @param ready {@code True}, {@code False} or {@code Unknown} (the Tenant's Ready condition)
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantView(String name, String displayName, String tier, String namespace, Quotas quotas,
    String ready) {
}
