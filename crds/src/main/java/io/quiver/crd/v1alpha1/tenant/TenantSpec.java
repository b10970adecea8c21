package io.quiver.crd.v1alpha1.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.quiver.crd.common.NamespacedReference;
import java.util.Objects;

/**
 * The desired state of a Tenant.
 *
 * <p>A tenant gets its own namespace (named by {@code namespace}, default {@code tenant-<name>}) with a
 * ResourceQuota and a NetworkPolicy, and its databases on the cluster named by {@code clusterRef}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.namespace) == has(oldSelf.namespace) && (!has(self.namespace) || self.namespace == oldSelf.namespace)", message = "namespace is immutable")
public class TenantSpec {

  @JsonPropertyDescription("Name shown to people.")
  @Required
  @Size(min = 1, max = 128)
  private String displayName;

  @JsonPropertyDescription("Shared or dedicated cluster.")
  @Default("Shared")
  private Tier tier;

  @JsonPropertyDescription("The VectorCluster serving the tenant.")
  @Required
  private NamespacedReference clusterRef;

  @JsonPropertyDescription("Namespace made for the tenant; default tenant-<metadata.name>; cannot change.")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @Size(max = 63)
  private String namespace;

  @JsonPropertyDescription("Limits.")
  private TenantQuotas quotas;

  @JsonPropertyDescription("Identity-provider group whose members belong to the tenant.")
  @Size(max = 256)
  private String membersGroup;

  @JsonPropertyDescription("EncryptionKey protecting the tenant's databases by default (name and namespace).")
  private NamespacedReference defaultEncryptionKeyRef;

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public Tier getTier() {
    return tier;
  }

  public void setTier(Tier tier) {
    this.tier = tier;
  }

  public NamespacedReference getClusterRef() {
    return clusterRef;
  }

  public void setClusterRef(NamespacedReference clusterRef) {
    this.clusterRef = clusterRef;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public TenantQuotas getQuotas() {
    return quotas;
  }

  public void setQuotas(TenantQuotas quotas) {
    this.quotas = quotas;
  }

  public String getMembersGroup() {
    return membersGroup;
  }

  public void setMembersGroup(String membersGroup) {
    this.membersGroup = membersGroup;
  }

  public NamespacedReference getDefaultEncryptionKeyRef() {
    return defaultEncryptionKeyRef;
  }

  public void setDefaultEncryptionKeyRef(NamespacedReference defaultEncryptionKeyRef) {
    this.defaultEncryptionKeyRef = defaultEncryptionKeyRef;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TenantSpec that)) {
      return false;
    }
    return Objects.equals(displayName, that.displayName)
        && Objects.equals(tier, that.tier)
        && Objects.equals(clusterRef, that.clusterRef)
        && Objects.equals(namespace, that.namespace)
        && Objects.equals(quotas, that.quotas)
        && Objects.equals(membersGroup, that.membersGroup)
        && Objects.equals(defaultEncryptionKeyRef, that.defaultEncryptionKeyRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(displayName, tier, clusterRef, namespace, quotas, membersGroup, defaultEncryptionKeyRef);
  }

  @Override
  public String toString() {
    return "TenantSpec{"
        + "displayName=" + displayName
        + ", tier=" + tier
        + ", clusterRef=" + clusterRef
        + ", namespace=" + namespace
        + ", quotas=" + quotas
        + ", membersGroup=" + membersGroup
        + ", defaultEncryptionKeyRef=" + defaultEncryptionKeyRef
        + "}";
  }
}
