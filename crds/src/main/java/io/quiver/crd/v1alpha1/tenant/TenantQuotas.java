package io.quiver.crd.v1alpha1.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Objects;

/**
 * Limits of a tenant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantQuotas {

  @JsonPropertyDescription("Collections at most.")
  @Min(0)
  private Integer maxCollections;

  @JsonPropertyDescription("Rows at most, over all collections.")
  @Min(0)
  private Long maxRows;

  @JsonPropertyDescription("Stored bytes at most.")
  @Min(0)
  private Long maxStorageBytes;

  @JsonPropertyDescription("CPU the tenant namespace may request (ResourceQuota requests.cpu).")
  private Quantity cpu;

  @JsonPropertyDescription("Memory the tenant namespace may request (ResourceQuota requests.memory).")
  private Quantity memory;

  @JsonPropertyDescription("Requests per second at most.")
  @Min(0)
  private Integer qps;

  public Integer getMaxCollections() {
    return maxCollections;
  }

  public void setMaxCollections(Integer maxCollections) {
    this.maxCollections = maxCollections;
  }

  public Long getMaxRows() {
    return maxRows;
  }

  public void setMaxRows(Long maxRows) {
    this.maxRows = maxRows;
  }

  public Long getMaxStorageBytes() {
    return maxStorageBytes;
  }

  public void setMaxStorageBytes(Long maxStorageBytes) {
    this.maxStorageBytes = maxStorageBytes;
  }

  public Quantity getCpu() {
    return cpu;
  }

  public void setCpu(Quantity cpu) {
    this.cpu = cpu;
  }

  public Quantity getMemory() {
    return memory;
  }

  public void setMemory(Quantity memory) {
    this.memory = memory;
  }

  public Integer getQps() {
    return qps;
  }

  public void setQps(Integer qps) {
    this.qps = qps;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TenantQuotas that)) {
      return false;
    }
    return Objects.equals(maxCollections, that.maxCollections)
        && Objects.equals(maxRows, that.maxRows)
        && Objects.equals(maxStorageBytes, that.maxStorageBytes)
        && Objects.equals(cpu, that.cpu)
        && Objects.equals(memory, that.memory)
        && Objects.equals(qps, that.qps);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxCollections, maxRows, maxStorageBytes, cpu, memory, qps);
  }

  @Override
  public String toString() {
    return "TenantQuotas{"
        + "maxCollections=" + maxCollections
        + ", maxRows=" + maxRows
        + ", maxStorageBytes=" + maxStorageBytes
        + ", cpu=" + cpu
        + ", memory=" + memory
        + ", qps=" + qps
        + "}";
  }
}
