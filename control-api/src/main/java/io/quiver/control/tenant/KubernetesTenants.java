package io.quiver.control.tenant;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quiver.control.api.ApiException;
import io.quiver.control.config.ControlConfig;
import io.quiver.control.keycloak.KeycloakRealm;
import io.quiver.crd.common.Condition;
import io.quiver.crd.common.NamespacedReference;
import io.quiver.crd.v1alpha1.tenant.Tenant;
import io.quiver.crd.v1alpha1.tenant.TenantSpec;
import io.quiver.crd.v1alpha1.tenant.Tier;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tenants as Tenant custom resources (cluster-scoped; the operator makes their namespaces), each
 * with its Keycloak groups. Kubernetes is the source of truth: a tenant exists when its Tenant does.
 * The control API labels the Tenants it creates {@value #MANAGED_BY}.
 */
public final class KubernetesTenants implements TenantDirectory {

  /** Label on the Tenants the control API manages. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by=quiver-control-api";

  private final KubernetesClient client;
  private final KeycloakRealm realm;
  private final ControlConfig.Kubernetes config;

  public KubernetesTenants(KubernetesClient client, KeycloakRealm realm, ControlConfig.Kubernetes config) {
    this.client = client;
    this.realm = realm;
    this.config = config;
  }

  @Override
  public boolean canProvision() {
    return true;
  }

  @Override
  public List<TenantView> list() {
    return call(() -> client.resources(Tenant.class).list().getItems().stream().map(KubernetesTenants::view)
        .sorted(Comparator.comparing(TenantView::name)).toList());
  }

  @Override
  public Optional<TenantView> get(String name) {
    return call(() -> Optional.ofNullable(client.resources(Tenant.class).withName(name).get())
        .map(KubernetesTenants::view));
  }

  @Override
  public TenantView create(CreateTenant request) {
    String[] ref = config.clusterRef().split("/", 2);
    NamespacedReference cluster = new NamespacedReference();
    cluster.setNamespace(ref[0]);
    cluster.setName(ref[1]);
    TenantSpec spec = new TenantSpec();
    spec.setDisplayName(request.displayName());
    spec.setTier(request.tier() == null ? Tier.Shared : Tier.valueOf(request.tier()));
    spec.setClusterRef(cluster);
    spec.setQuotas(request.quotas() == null ? null : request.quotas().toCrd());
    spec.setMembersGroup(realm.tenantGroupPath(request.name()));
    Tenant t = new Tenant();
    String[] label = MANAGED_BY.split("=", 2);
    t.setMetadata(new ObjectMetaBuilder().withName(request.name()).withLabels(Map.of(label[0], label[1])).build());
    t.setSpec(spec);
    Tenant created;
    try {
      created = client.resources(Tenant.class).resource(t).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw ApiException.conflict("tenant " + request.name() + " already exists");
      }
      throw ApiException.upstream("the Kubernetes API refused the Tenant: " + e.getMessage());
    }
    realm.ensureTenantGroups(request.name(), request.displayName());
    return view(created);
  }

  @Override
  public Optional<TenantView> updateQuotas(String name, Quotas quotas) {
    return call(() -> {
      if (client.resources(Tenant.class).withName(name).get() == null) {
        return Optional.empty();
      }
      Tenant edited = client.resources(Tenant.class).withName(name).edit(t -> {
        t.getSpec().setQuotas(quotas.toCrd());
        return t;
      });
      return Optional.of(view(edited));
    });
  }

  @Override
  public boolean delete(String name) {
    boolean deleted = call(() -> !client.resources(Tenant.class).withName(name).delete().isEmpty());
    if (deleted) {
      realm.deleteTenantGroups(name);
    }
    return deleted;
  }

  private static TenantView view(Tenant t) {
    TenantSpec s = t.getSpec();
    String namespace = t.getStatus() != null && t.getStatus().getNamespace() != null ? t.getStatus().getNamespace()
        : s.getNamespace() != null ? s.getNamespace() : "tenant-" + t.getMetadata().getName();
    String ready = "Unknown";
    if (t.getStatus() != null && t.getStatus().getConditions() != null) {
      ready = t.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).map(Condition::getStatus)
          .findFirst().orElse("Unknown");
    }
    return new TenantView(t.getMetadata().getName(), s.getDisplayName(), s.getTier() == null ? "Shared" : s.getTier().name(),
        namespace, Quotas.of(s.getQuotas()), ready);
  }

  private static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (KubernetesClientException e) {
      throw ApiException.upstream("the Kubernetes API failed: " + e.getMessage());
    }
  }
}
