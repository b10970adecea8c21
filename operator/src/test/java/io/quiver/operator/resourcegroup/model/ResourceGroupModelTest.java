package io.quiver.operator.resourcegroup.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.Samples;
import org.junit.jupiter.api.Test;

class ResourceGroupModelTest {

  private final ResourceGroup group = Samples.load("resourcegroup.yaml", ResourceGroup.class);
  private final VectorCluster prod = Samples.load("vectorcluster-ha.yaml", VectorCluster.class);

  @Test
  void dataPlaneNameReplacesDashesUnlessGiven() {
    assertThat(ResourceGroupModel.dataPlaneName(group)).isEqualTo("search_pool");
    group.getSpec().setGroupName("search");
    assertThat(ResourceGroupModel.dataPlaneName(group)).isEqualTo("search");
  }

  @Test
  void statefulSetIsTheClustersPodWithTheGroupsSizeResourcesPlacementAndLabel() {
    var sts = ResourceGroupModel.statefulSet(group, prod);
    assertThat(sts.getMetadata().getName()).isEqualTo("prod-search-pool");
    assertThat(sts.getMetadata().getNamespace()).isEqualTo("quiver");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(2);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("prod-nodes");
    assertThat(sts.getSpec().getSelector().getMatchLabels()).containsEntry("quiver.io/resource-group", "search-pool");
    var pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).containsEntry("node.kubernetes.io/pool", "search");
    assertThat(pod.getTolerations()).isNullOrEmpty();
    assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
    var container = pod.getContainers().getFirst();
    assertThat(container.getImage()).isEqualTo("quiver/quiver:0.1.0");
    assertThat(container.getResources().getRequests().get("cpu")).isEqualTo(new Quantity("4"));
    assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("QUIVER_RESOURCE_GROUP"))
        .extracting(EnvVar::getValue).containsExactly("search_pool");
    assertThat(sts.getSpec().getVolumeClaimTemplates().getFirst().getSpec().getResources().getRequests().get("storage"))
        .as("storage falls back to the cluster's").isEqualTo(new Quantity("50Gi"));
  }
}
