package io.quiver.crd.v1alpha1.vectorcluster;

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
 * A Quiver data-plane deployment.
 *
 * <p>The operator makes its ConfigMap, Secrets, headless and client Services, the default resource group's
 * StatefulSet, a PodDisruptionBudget and, when asked, a managed etcd.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Group("quiver.io")
@Version("v1alpha1")
@Kind("VectorCluster")
@Plural("vectorclusters")
@ShortNames("qvc")
@AdditionalPrinterColumn(name = "Version", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.version", getDescription = "Quiver version", priority = 0)
@AdditionalPrinterColumn(name = "Nodes", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".spec.replicas", getDescription = "Nodes of the default group", priority = 0)
@AdditionalPrinterColumn(name = "Ready Nodes", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.readyNodes", getDescription = "Ready nodes of the default group", priority = 0)
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", getDescription = "Whether the resource is ready", priority = 0)
@AdditionalPrinterColumn(name = "Endpoint", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.endpoint", getDescription = "Milvus endpoint", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp", getDescription = "Time since creation", priority = 0)
public class VectorCluster extends CustomResource<VectorClusterSpec, VectorClusterStatus> implements Namespaced {

}
