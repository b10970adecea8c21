package io.quiver.crd.v1alpha1.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A tenant of the platform: a namespace with quotas and isolation, served by a VectorCluster.
 *
 * <p>Cluster-scoped, since it owns a namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Group("quiver.io")
@Version("v1alpha1")
@Kind("Tenant")
@Plural("tenants")
@ShortNames("qtn")
@AdditionalPrinterColumn(name = "Display Name", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.displayName", getDescription = "Display name", priority = 0)
@AdditionalPrinterColumn(name = "Tier", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.tier", getDescription = "Tier", priority = 0)
@AdditionalPrinterColumn(name = "Namespace", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.namespace", getDescription = "Namespace", priority = 0)
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", getDescription = "Whether the resource is ready", priority = 0)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp", getDescription = "Time since creation", priority = 0)
public class Tenant extends CustomResource<TenantSpec, TenantStatus> {

}
