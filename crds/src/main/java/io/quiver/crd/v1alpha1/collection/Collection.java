package io.quiver.crd.v1alpha1.collection;

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
 * A collection in a VectorCluster's data plane, with its schema, indexes, replicas and placement.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Group("quiver.io")
@Version("v1alpha1")
@Kind("Collection")
@Plural("collections")
@ShortNames("qcol")
@AdditionalPrinterColumn(name = "Cluster", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.clusterRef.name", getDescription = "VectorCluster", priority = 0)
@AdditionalPrinterColumn(name = "Database", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.database", getDescription = "Database", priority = 0)
@AdditionalPrinterColumn(name = "Load State", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.loadState", getDescription = "Load state", priority = 0)
@AdditionalPrinterColumn(name = "Rows", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.rowCount", getDescription = "Rows", priority = 0)
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", getDescription = "Whether the resource is ready", priority = 0)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp", getDescription = "Time since creation", priority = 0)
public class Collection extends CustomResource<CollectionSpec, CollectionStatus> implements Namespaced {

}
