package io.quiver.operator.vectorcluster.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.quiver.crd.common.Placement;
import io.quiver.crd.common.StorageSpec;

/**
 * The parts of a resource group that shape its StatefulSet.
 *
 * @param group the group's Kubernetes name ({@link ClusterNames#DEFAULT_GROUP} or a ResourceGroup's name)
 * @param dataPlaneName the group's name in the data plane
 * @param nodes number of pods
 * @param resources container resources (null: none)
 * @param placement scheduling (null: anywhere)
 * @param storage volume of each pod (null: the schema default size, the default storage class)
 */
public record GroupShape(String group, String dataPlaneName, int nodes, ResourceRequirements resources,
    Placement placement, StorageSpec storage) {}
