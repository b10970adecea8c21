package io.quiver.operator.resourcegroup;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.dataplane.DataPlaneClient;
import io.quiver.operator.dataplane.DataPlaneDependentResource;
import io.quiver.operator.dataplane.ResourceGroupState;
import io.quiver.operator.resourcegroup.model.ResourceGroupModel;
import io.quiver.operator.status.Reasons;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import java.util.List;
import java.util.Optional;

/**
 * The group in the data plane, as an external dependent of its ResourceGroup (habit 5): create
 * (CreateResourceGroup asking for spec.nodes nodes), update (UpdateResourceGroups when the node count
 * changes), delete (DropResourceGroup, behind the ResourceGroup's finalizer).
 *
 * <p>A ResourceGroup whose data-plane name is {@code __default_resource_group} stands for the group
 * every cluster has: it is never created nor dropped, only its node count is updated. A data plane that
 * does not implement resource groups (a standalone server) answers "not supported"; that is a
 * DataPlaneUnsupported failure with the data plane's message, shown as the Degraded condition.
 */
public class DataPlaneGroupDependent extends DataPlaneDependentResource<ResourceGroupState, ResourceGroup>
    implements Creator<ResourceGroupState, ResourceGroup>, Updater<ResourceGroupState, ResourceGroup>,
    Deleter<ResourceGroup> {

  public DataPlaneGroupDependent() {
    super(ResourceGroupState.class, ResourceGroupState::name);
  }

  @Override
  protected String clusterName(ResourceGroup group) {
    return group.getSpec().getClusterRef().getName();
  }

  @Override
  protected Optional<ResourceGroupState> read(DataPlaneClient client, ResourceGroup group) {
    return client.describeResourceGroup(ResourceGroupModel.dataPlaneName(group));
  }

  @Override
  protected ResourceGroupState desired(ResourceGroup group, Context<ResourceGroup> context) {
    return new ResourceGroupState(ResourceGroupModel.dataPlaneName(group), nodes(group), List.of());
  }

  private static int nodes(ResourceGroup group) {
    return group.getSpec().getNodes() == null ? 1 : group.getSpec().getNodes();
  }

  @Override
  public Matcher.Result<ResourceGroupState> match(ResourceGroupState actual, ResourceGroup group,
      Context<ResourceGroup> context) {
    return Matcher.Result.nonComputed(actual.requestedNodes() == nodes(group));
  }

  @Override
  public ResourceGroupState create(ResourceGroupState desired, ResourceGroup group, Context<ResourceGroup> context) {
    DataPlaneClient client = client(group);
    client.createResourceGroup(desired.name(), desired.requestedNodes());
    events().record(group, false, Reasons.GROUP_CREATED, "created resource group " + desired.name() + " asking for "
        + desired.requestedNodes() + " node(s)");
    return read(client, group).orElse(desired);
  }

  @Override
  public ResourceGroupState update(ResourceGroupState actual, ResourceGroupState desired, ResourceGroup group,
      Context<ResourceGroup> context) {
    DataPlaneClient client = client(group);
    client.updateResourceGroup(desired.name(), desired.requestedNodes());
    events().record(group, false, Reasons.GROUP_UPDATED, "resource group " + desired.name() + " now asks for "
        + desired.requestedNodes() + " node(s) (was " + actual.requestedNodes() + ")");
    return read(client, group).orElse(desired);
  }

  @Override
  protected void handleDelete(ResourceGroup group, ResourceGroupState secondary, Context<ResourceGroup> context) {
    String name = ResourceGroupModel.dataPlaneName(group);
    VectorCluster cluster = context.getSecondaryResource(VectorCluster.class).orElse(null);
    if (cluster != null && !name.equals(ClusterNames.DEFAULT_GROUP_DATA_PLANE_NAME)) {
      DataPlaneClient client = client(group, cluster, context);
      if (client.describeResourceGroup(name).isPresent()) {
        client.dropResourceGroup(name);
        events().record(group, false, Reasons.GROUP_DROPPED, "dropped resource group " + name);
      }
    }
    forget(ResourceID.fromResource(group));
  }
}
