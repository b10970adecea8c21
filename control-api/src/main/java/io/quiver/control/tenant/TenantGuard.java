package io.quiver.control.tenant;

import io.quiver.control.api.ApiException;
import io.quiver.control.auth.Caller;
import io.quiver.control.auth.TenantRole;

/**
 * The tenant check every {@code /api/v1/tenants/{tenant}/...} route makes first: the caller must
 * have at least the given role in the tenant (platform admins pass) and the tenant must exist. An
 * outsider's answer (404 "tenant X not found") is the same whether the tenant exists or not.
 */
public final class TenantGuard {

  private final TenantDirectory tenants;

  public TenantGuard(TenantDirectory tenants) {
    this.tenants = tenants;
  }

  /** Checks access to {@code tenant} and returns it. */
  public TenantView require(Caller caller, String tenant, TenantRole needed) {
    if (tenant == null || !tenant.matches(CreateTenant.NAME_PATTERN)) {
      throw ApiException.tenantNotFound(tenant);
    }
    caller.require(tenant, needed);
    return tenants.get(tenant).orElseThrow(() -> ApiException.tenantNotFound(tenant));
  }
}
