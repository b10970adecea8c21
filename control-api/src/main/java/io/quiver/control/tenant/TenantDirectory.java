package io.quiver.control.tenant;

import java.util.List;
import java.util.Optional;

/**
 * Where tenants are kept: Tenant custom resources with a cluster ({@link KubernetesTenants}),
 * the Keycloak tenant groups without one ({@link RealmTenants}, which cannot provision).
 * Implementations are thread-safe.
 */
public interface TenantDirectory {

  /** Whether tenants can be created, changed and deleted here. */
  boolean canProvision();

  List<TenantView> list();

  Optional<TenantView> get(String name);

  /** Creates the tenant; 409 when it exists (or without a cluster). */
  TenantView create(CreateTenant request);

  /** Replaces the tenant's quotas; empty when there is no such tenant. */
  Optional<TenantView> updateQuotas(String name, Quotas quotas);

  /** Deletes the tenant; false when there was none. */
  boolean delete(String name);
}
