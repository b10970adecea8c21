package io.quiver.operator.resourcegroup.model;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroupSpec;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.vectorcluster.model.DataPlaneStatefulSets;
import io.quiver.operator.vectorcluster.model.GroupShape;

/** Desired state of a ResourceGroup: its data-plane name and its StatefulSet. Pure. */
public final class ResourceGroupModel {

  private ResourceGroupModel() {}

  /** The group's name in the data plane: spec.groupName, else metadata.name with {@code -} replaced by {@code _}. */
  public static String dataPlaneName(ResourceGroup group) {
    String explicit = group.getSpec().getGroupName();
    return explicit != null ? explicit : group.getMetadata().getName().replace('-', '_').replace('.', '_');
  }

  /** The group's shape; storage falls back to the cluster's. */
  public static GroupShape shape(ResourceGroup group, VectorCluster cluster) {
    ResourceGroupSpec spec = group.getSpec();
    return new GroupShape(group.getMetadata().getName(), dataPlaneName(group), spec.getNodes() == null ? 1 : spec.getNodes(),
        spec.getResources(), spec.getPlacement(), spec.getStorage() != null ? spec.getStorage() : cluster.getSpec().getStorage());
  }

  /**
   * The group's StatefulSet: the cluster's data-plane pods with the group's size, resources and
   * placement, labelled {@code quiver.io/resource-group=<metadata.name>}, in the group's namespace.
   */
  public static StatefulSet statefulSet(ResourceGroup group, VectorCluster cluster) {
    return DataPlaneStatefulSets.statefulSet(cluster, shape(group, cluster));
  }
}
