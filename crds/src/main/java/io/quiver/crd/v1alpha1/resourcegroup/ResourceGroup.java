package io.quiver.crd.v1alpha1.resourcegroup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A node pool of a VectorCluster: a StatefulSet of data-plane pods labelled with the group, and the
 * resource group of that name in the data plane.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Group("quiver.io")
@Version("v1alpha1")
@Kind("ResourceGroup")
@Plural("resourcegroups")
@ShortNames("qrg")
@AdditionalPrinterColumn(name = "Cluster", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.clusterRef.name", getDescription = "VectorCluster", priority = 0)
@AdditionalPrinterColumn(name = "Nodes", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".spec.nodes", getDescription = "Nodes asked for", priority = 0)
@AdditionalPrinterColumn(name = "Ready Nodes", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.readyNodes", getDescription = "Ready nodes", priority = 0)
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", getDescription = "Whether the resource is ready", priority = 0)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp", getDescription = "Time since creation", priority = 0)
public class ResourceGroup extends CustomResource<ResourceGroupSpec, ResourceGroupStatus> implements Namespaced {

}
