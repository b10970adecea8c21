package io.quiver.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import java.util.Set;
import java.util.function.Function;

/**
 * The VectorCluster informer of a kind that refers to a cluster (ResourceGroup, Collection,
 * EncryptionKey, Tenant): a cluster event reconciles every resource referring to it, and
 * {@code context.getSecondaryResource(VectorCluster.class)} returns the referenced cluster.
 */
public final class ClusterIndex {

  private ClusterIndex() {}

  /**
   * @param clusterOf the referenced cluster of a primary, as namespace/name
   * @return the event source to return from {@code prepareEventSources}
   */
  public static <P extends HasMetadata> InformerEventSource<VectorCluster, P> eventSource(
      EventSourceContext<P> context, Function<P, ResourceID> clusterOf) {
    return ReferenceIndex.eventSource(context, VectorCluster.class, "vectorcluster", p -> Set.of(clusterOf.apply(p)));
  }
}
