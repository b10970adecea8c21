package io.quiver.operator.tenant.model;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.quiver.crd.v1alpha1.tenant.Tenant;
import io.quiver.crd.v1alpha1.tenant.TenantQuotas;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Desired Namespace, ResourceQuota and NetworkPolicy of a Tenant. Pure.
 *
 * <p>The namespace is labelled {@code quiver.io/tenant=<name>}; its NetworkPolicy admits traffic to the
 * tenant's pods only from pods of the same namespace, isolating tenants from each other.
 */
public final class TenantModel {

  private TenantModel() {}

  /** Label naming the tenant on its namespace. */
  public static final String TENANT_LABEL = "quiver.io/tenant";
  /** Name of the ResourceQuota and of the NetworkPolicy in the tenant namespace. */
  public static final String QUOTA_NAME = "quiver-tenant-quota";
  public static final String NETWORK_POLICY_NAME = "quiver-tenant-isolation";

  /** The tenant's namespace: spec.namespace, else {@code tenant-<metadata.name>}. */
  public static String namespaceName(Tenant tenant) {
    return tenant.getSpec().getNamespace() != null ? tenant.getSpec().getNamespace()
        : "tenant-" + tenant.getMetadata().getName();
  }

  static Map<String, String> labels(Tenant tenant) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ClusterNames.LABEL_NAME, "quiver");
    labels.put(ClusterNames.LABEL_COMPONENT, "tenant");
    labels.put(ClusterNames.LABEL_MANAGED_BY, ClusterNames.MANAGED_BY);
    labels.put(TENANT_LABEL, tenant.getMetadata().getName());
    return labels;
  }

  public static Namespace namespace(Tenant tenant) {
    return new NamespaceBuilder()
        .withNewMetadata().withName(namespaceName(tenant)).withLabels(labels(tenant)).endMetadata()
        .build();
  }

  /** Whether the tenant's quotas limit CPU or memory, the parts a ResourceQuota enforces. */
  public static boolean hasKubernetesQuota(Tenant tenant) {
    TenantQuotas q = tenant.getSpec().getQuotas();
    return q != null && (q.getCpu() != null || q.getMemory() != null);
  }

  /** The ResourceQuota: requests and limits of CPU and memory in the tenant namespace, as declared. */
  public static ResourceQuota resourceQuota(Tenant tenant) {
    TenantQuotas q = tenant.getSpec().getQuotas();
    Map<String, Quantity> hard = new LinkedHashMap<>();
    if (q != null && q.getCpu() != null) {
      hard.put("requests.cpu", q.getCpu());
      hard.put("limits.cpu", q.getCpu());
    }
    if (q != null && q.getMemory() != null) {
      hard.put("requests.memory", q.getMemory());
      hard.put("limits.memory", q.getMemory());
    }
    return new ResourceQuotaBuilder()
        .withNewMetadata().withName(QUOTA_NAME).withNamespace(namespaceName(tenant)).withLabels(labels(tenant)).endMetadata()
        .withNewSpec().withHard(hard).endSpec()
        .build();
  }

  /** The NetworkPolicy: ingress to every pod of the namespace only from pods of the same namespace. */
  public static NetworkPolicy networkPolicy(Tenant tenant) {
    return new NetworkPolicyBuilder()
        .withNewMetadata().withName(NETWORK_POLICY_NAME).withNamespace(namespaceName(tenant)).withLabels(labels(tenant))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector().endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress().addNewFrom().withNewPodSelector().endPodSelector().endFrom().endIngress()
        .endSpec()
        .build();
  }
}
