package io.quiver.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The VectorCluster informer of a kind that refers to a cluster (ResourceGroup, Collection,
 * EncryptionKey, Tenant): a cluster event reconciles every resource referring to it (found through an
 * index on the primary cache), and {@code context.getSecondaryResource(VectorCluster.class)} returns
 * the referenced cluster.
 */
public final class ClusterIndex {

  private ClusterIndex() {}

  private static final String INDEX = "quiver.io/cluster-ref";

  /**
   * @param clusterOf the referenced cluster of a primary, as namespace/name
   * @return the event source to return from {@code prepareEventSources}
   */
  public static <P extends HasMetadata> InformerEventSource<VectorCluster, P> eventSource(
      EventSourceContext<P> context, Function<P, ResourceID> clusterOf) {
    context.getPrimaryCache().addIndexer(INDEX, p -> List.of(key(clusterOf.apply(p))));
    var config = InformerEventSourceConfiguration.from(VectorCluster.class, context.getPrimaryResourceClass())
        .withName("vectorcluster")
        .withSecondaryToPrimaryMapper((VectorCluster vc) -> context.getPrimaryCache()
            .byIndex(INDEX, key(ResourceID.fromResource(vc))).stream()
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((P p) -> Set.of(clusterOf.apply(p)))
        .build();
    return new InformerEventSource<>(config, context);
  }

  private static String key(ResourceID id) {
    return id.getNamespace().orElse("") + "/" + id.getName();
  }
}
