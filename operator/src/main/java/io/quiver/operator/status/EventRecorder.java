package io.quiver.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about Quiver resources. Best effort: a failed write is logged, never thrown,
 * so an Event can not fail a reconcile. Thread-safe.
 */
public final class EventRecorder {

  /** The component named as the Events' source. */
  public static final String COMPONENT = "quiver-operator";

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Records a condition transition of {@code resource}. */
  public void record(HasMetadata resource, Transition transition) {
    String message = transition.type() + "=" + transition.status() + ": " + transition.message();
    record(resource, transition.warning(), transition.reason(), message);
  }

  /** Records an Event of {@code resource}. */
  public void record(HasMetadata resource, boolean warning, String reason, String message) {
    String namespace = resource.getMetadata().getNamespace() == null ? "default" : resource.getMetadata().getNamespace();
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var event = new EventBuilder()
        .withNewMetadata()
        .withName(resource.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
        .withNamespace(namespace)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(resource.getApiVersion())
        .withKind(resource.getKind())
        .withName(resource.getMetadata().getName())
        .withNamespace(resource.getMetadata().getNamespace())
        .withUid(resource.getMetadata().getUid())
        .withResourceVersion(resource.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(warning ? "Warning" : "Normal")
        .withReason(reason)
        .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} for {}/{}: {}", reason, resource.getKind(), resource.getMetadata().getName(),
          e.getMessage());
    }
  }
}
