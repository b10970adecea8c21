package io.quiver.control.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Quantity;
import io.micronaut.core.annotation.Introspected;
import io.quiver.control.api.ApiException;
import io.quiver.crd.v1alpha1.tenant.TenantQuotas;

/**
 * A tenant's limits as the REST API takes and shows them; every field is optional.
 *
 * @param maxCollections collections at most
 * @param maxRows rows at most, over all collections
 * @param maxStorageBytes stored bytes at most
 * @param cpu CPU the tenant namespace may request, a Kubernetes quantity such as {@code 4} or {@code 500m}
 * @param memory memory the tenant namespace may request, e.g. {@code 8Gi}
 * @param qps requests per second at most
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Quotas(Integer maxCollections, Long maxRows, Long maxStorageBytes, String cpu, String memory,
    Integer qps) {

  /** Checks the values; {@code prefix} is the field path of this object (e.g. {@code quotas.}). */
  public void validate(String prefix) {
    nonNegative(prefix + "maxCollections", maxCollections);
    nonNegative(prefix + "maxRows", maxRows);
    nonNegative(prefix + "maxStorageBytes", maxStorageBytes);
    nonNegative(prefix + "qps", qps);
    quantity(prefix + "cpu", cpu);
    quantity(prefix + "memory", memory);
  }

  private static void nonNegative(String field, Number n) {
    if (n != null && n.longValue() < 0) {
      throw ApiException.badRequest(field, "must be 0 or more, got " + n);
    }
  }

  private static void quantity(String field, String q) {
    if (q == null) {
      return;
    }
    try {
      if (!q.matches("[0-9]+(\\.[0-9]+)?([numkMGTPE]|[KMGTPE]i)?") || Quantity.getAmountInBytes(new Quantity(q)).signum() < 0) {
        throw new IllegalArgumentException();
      }
    } catch (RuntimeException e) {
      throw ApiException.badRequest(field, "must be a Kubernetes quantity such as 500m, 4, 8Gi; got " + q);
    }
  }

  TenantQuotas toCrd() {
    TenantQuotas q = new TenantQuotas();
    q.setMaxCollections(maxCollections);
    q.setMaxRows(maxRows);
    q.setMaxStorageBytes(maxStorageBytes);
    q.setCpu(cpu == null ? null : new Quantity(cpu));
    q.setMemory(memory == null ? null : new Quantity(memory));
    q.setQps(qps);
    return q;
  }

  static Quotas of(TenantQuotas q) {
    if (q == null) {
      return null;
    }
    return new Quotas(q.getMaxCollections(), q.getMaxRows(), q.getMaxStorageBytes(),
        q.getCpu() == null ? null : q.getCpu().toString(), q.getMemory() == null ? null : q.getMemory().toString(),
        q.getQps());
  }
}
