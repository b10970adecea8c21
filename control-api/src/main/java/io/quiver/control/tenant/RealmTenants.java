package io.quiver.control.tenant;

import io.quiver.control.api.ApiException;
import io.quiver.control.keycloak.KeycloakRealm;
import java.util.List;
import java.util.Optional;
import org.keycloak.representations.idm.GroupRepresentation;

/**
 * Tenants without Kubernetes: the groups under the tenants group of the Keycloak realm, made by
 * the realm's administrators. They can be listed and read; creating, changing and deleting them is
 * provisioning, which needs a cluster (409).
 */
public final class RealmTenants implements TenantDirectory {

  private final KeycloakRealm realm;

  public RealmTenants(KeycloakRealm realm) {
    this.realm = realm;
  }

  @Override
  public boolean canProvision() {
    return false;
  }

  @Override
  public List<TenantView> list() {
    return realm.tenantGroups().stream().filter(g -> g.getName().matches(CreateTenant.NAME_PATTERN))
        .map(RealmTenants::view).sorted(java.util.Comparator.comparing(TenantView::name)).toList();
  }

  @Override
  public Optional<TenantView> get(String name) {
    return realm.tenantGroup(name).map(RealmTenants::view);
  }

  private static TenantView view(GroupRepresentation g) {
    List<String> display = g.getAttributes() == null ? null : g.getAttributes().get(KeycloakRealm.DISPLAY_NAME);
    return new TenantView(g.getName(), display == null || display.isEmpty() ? g.getName() : display.getFirst(), null,
        null, null, "Unknown");
  }

  @Override
  public TenantView create(CreateTenant request) {
    throw ApiException.needsCluster("creating a tenant");
  }

  @Override
  public Optional<TenantView> updateQuotas(String name, Quotas quotas) {
    throw ApiException.needsCluster("changing a tenant's quotas");
  }

  @Override
  public boolean delete(String name) {
    throw ApiException.needsCluster("deleting a tenant");
  }
}
