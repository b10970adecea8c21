package io.quiver.control.k8s;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quiver.control.apikey.ApiKeyStore;
import io.quiver.control.apikey.KeyRegistry;
import io.quiver.control.apikey.RegistryJson;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The key registry in the Secret {@value #NAME} of the control namespace (key {@value #DATA_KEY}).
 * Updates are compare-and-swap on the Secret's resourceVersion, retried on conflict, so several
 * control API replicas never lose each other's changes and the revision never goes back.
 *
 * <p>Thread-safe (every call goes to the API server).
 */
public final class SecretApiKeyStore implements ApiKeyStore {

  public static final String NAME = "quiver-api-keys";
  public static final String DATA_KEY = "registry.json";
  private static final int ATTEMPTS = 10;

  private final KubernetesClient client;
  private final String namespace;

  public SecretApiKeyStore(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  private Secret secret() {
    return client.secrets().inNamespace(namespace).withName(NAME).get();
  }

  private KeyRegistry parse(Secret s) {
    if (s == null || s.getData() == null || s.getData().get(DATA_KEY) == null) {
      return KeyRegistry.empty();
    }
    return RegistryJson.read(Base64.getDecoder().decode(s.getData().get(DATA_KEY)),
        "Secret " + namespace + "/" + NAME);
  }

  @Override
  public KeyRegistry read() {
    return parse(secret());
  }

  @Override
  public KeyRegistry update(UnaryOperator<KeyRegistry> change) {
    KubernetesClientException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Secret s = secret();
      KeyRegistry current = parse(s);
      KeyRegistry next = new KeyRegistry(current.revision() + 1, change.apply(current).keys());
      String data = Base64.getEncoder().encodeToString(RegistryJson.write(next));
      try {
        if (s == null) {
          client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(NAME)
              .withNamespace(namespace).addToLabels("app.kubernetes.io/managed-by", "quiver-control-api").endMetadata()
              .withType("Opaque").withData(Map.of(DATA_KEY, data)).build()).create();
        } else {
          Secret updated = new SecretBuilder(s).withData(Map.of(DATA_KEY, data)).build();
          // update() sends the resourceVersion read above: a concurrent write makes it fail with 409.
          client.secrets().inNamespace(namespace).resource(updated).update();
        }
        return next;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        last = e;
      }
    }
    throw new IllegalStateException("the key registry Secret " + namespace + "/" + NAME + " kept changing; gave up after "
        + ATTEMPTS + " attempts", last);
  }
}
