package io.quiver.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An informer of resources that primaries refer to by name (a Collection's cluster, ResourceGroups and
 * EncryptionKey): an event of a referenced resource reconciles every primary referring to it (found
 * through an index on the primary cache), and {@code context.getSecondaryResource(s)(type)} returns the
 * referenced resources that exist.
 */
public final class ReferenceIndex {

  private ReferenceIndex() {}

  /**
   * @param type the referenced kind
   * @param name the event source's name, unique per controller
   * @param referencesOf the resources a primary refers to
   * @return the event source to return from {@code prepareEventSources}
   */
  public static <S extends HasMetadata, P extends HasMetadata> InformerEventSource<S, P> eventSource(
      EventSourceContext<P> context, Class<S> type, String name, Function<P, Set<ResourceID>> referencesOf) {
    String index = "quiver.io/ref-" + name;
    context.getPrimaryCache().addIndexer(index, p -> referencesOf.apply(p).stream().map(ReferenceIndex::key).toList());
    var config = InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
        .withName(name)
        .withSecondaryToPrimaryMapper((S s) -> context.getPrimaryCache()
            .byIndex(index, key(ResourceID.fromResource(s))).stream()
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((P p) -> referencesOf.apply(p))
        .build();
    return new InformerEventSource<>(config, context);
  }

  private static String key(ResourceID id) {
    return id.getNamespace().orElse("") + "/" + id.getName();
  }

  /** The references to {@code names} in {@code namespace}, for a {@code referencesOf} function. */
  public static Set<ResourceID> in(String namespace, List<String> names) {
    return names == null ? Set.of() : names.stream().map(n -> new ResourceID(n, namespace)).collect(Collectors.toSet());
  }
}
