package io.quiver.operator.tenant.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.quiver.crd.v1alpha1.tenant.Tenant;
import io.quiver.operator.Samples;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantModelTest {

  private final Tenant acme = Samples.load("tenant.yaml", Tenant.class);

  @Test
  void namespaceDefaultsToTenantPrefixAndCarriesTheTenantLabel() {
    var ns = TenantModel.namespace(acme);
    assertThat(ns.getMetadata().getName()).isEqualTo("tenant-acme");
    assertThat(ns.getMetadata().getNamespace()).isNull();
    assertThat(ns.getMetadata().getLabels()).containsEntry("quiver.io/tenant", "acme")
        .containsEntry("app.kubernetes.io/managed-by", "quiver-operator");
    acme.getSpec().setNamespace("acme-prod");
    assertThat(TenantModel.namespace(acme).getMetadata().getName()).isEqualTo("acme-prod");
  }

  @Test
  void resourceQuotaLimitsRequestsAndLimitsOfCpuAndMemory() {
    assertThat(TenantModel.hasKubernetesQuota(acme)).isTrue();
    var quota = TenantModel.resourceQuota(acme);
    assertThat(quota.getMetadata().getName()).isEqualTo("quiver-tenant-quota");
    assertThat(quota.getMetadata().getNamespace()).isEqualTo("tenant-acme");
    assertThat(quota.getSpec().getHard()).containsExactly(
        Map.entry("requests.cpu", new Quantity("8")), Map.entry("limits.cpu", new Quantity("8")),
        Map.entry("requests.memory", new Quantity("32Gi")), Map.entry("limits.memory", new Quantity("32Gi")));
    acme.getSpec().getQuotas().setCpu(null);
    acme.getSpec().getQuotas().setMemory(null);
    assertThat(TenantModel.hasKubernetesQuota(acme)).isFalse();
  }

  @Test
  void networkPolicyAdmitsIngressOnlyFromTheSameNamespace() {
    var policy = TenantModel.networkPolicy(acme);
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("tenant-acme");
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
      assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
        assertThat(peer.getPodSelector()).isNotNull();
        assertThat(peer.getNamespaceSelector()).isNull();
      });
      assertThat(rule.getPorts()).isNullOrEmpty();
    });
  }
}
