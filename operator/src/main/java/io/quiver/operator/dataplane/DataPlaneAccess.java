package io.quiver.operator.dataplane;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.vectorcluster.AuthSpec;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.status.ReconcileFailure;
import io.quiver.operator.status.Reasons;
import io.quiver.operator.vectorcluster.model.ClusterNames;
import io.quiver.operator.vectorcluster.model.DataPlaneObjects;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * How the operator reaches a VectorCluster's data plane: the endpoint (the cluster's client Service, or
 * an override from the operator's configuration), the root credentials when auth is on (read from the
 * cluster's root Secret), and whether the cluster is ready to be called at all. Hands out clients from
 * the {@link DataPlaneConnector}. Thread-safe.
 */
public final class DataPlaneAccess {

  /** The user the operator signs in as when auth is on. */
  public static final String ROOT_USER = "root";

  private final DataPlaneConnector connector;
  private final Map<String, String> endpointOverrides;

  /**
   * @param endpointOverrides host:port by "namespace/name" of a VectorCluster
   *     ({@link io.quiver.operator.OperatorConfig#dataPlaneEndpoints()})
   */
  public DataPlaneAccess(DataPlaneConnector connector, Map<String, String> endpointOverrides) {
    this.connector = Objects.requireNonNull(connector, "connector");
    this.endpointOverrides = Map.copyOf(endpointOverrides);
  }

  /** The connector clients come from. */
  public DataPlaneConnector connector() {
    return connector;
  }

  /**
   * Whether the operator may call the cluster's data plane now: the cluster reports Ready, or an
   * endpoint override points somewhere else than its pods.
   */
  public boolean reachable(VectorCluster cluster) {
    if (endpointOverrides.containsKey(key(cluster))) {
      return true;
    }
    return cluster.getStatus() != null && cluster.getStatus().getConditions() != null
        && cluster.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals(Condition.READY)
            && c.getStatus().equals(Condition.TRUE));
  }

  /**
   * The address of the cluster's data plane, with the root credentials read from its Secret when auth
   * is on.
   *
   * @throws ReconcileFailure KeyMaterialInvalid if auth is on and the Secret or its key is missing
   */
  public ClusterAddress address(VectorCluster cluster, KubernetesClient client) {
    String namespace = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    String endpoint = endpointOverrides.getOrDefault(key(cluster), ClusterNames.endpoint(name, namespace));
    AuthSpec auth = cluster.getSpec().getAuth();
    if (auth == null || !Boolean.TRUE.equals(auth.getEnabled())) {
      return new ClusterAddress(namespace, name, endpoint, null);
    }
    String secretName = auth.getRootSecretRef() != null ? auth.getRootSecretRef().getName() : ClusterNames.rootSecret(name);
    String secretKey = auth.getRootSecretRef() != null && auth.getRootSecretRef().getKey() != null
        ? auth.getRootSecretRef().getKey() : DataPlaneObjects.ROOT_PASSWORD_KEY;
    String password = secretValue(client.secrets().inNamespace(namespace).withName(secretName).get(), secretKey);
    if (password == null) {
      throw new ReconcileFailure(Reasons.KEY_MATERIAL_INVALID, "the root credentials of VectorCluster " + name
          + " are not readable: Secret " + secretName + " or its key " + secretKey + " does not exist (yet)");
    }
    return new ClusterAddress(namespace, name, endpoint, new ClusterAddress.Credentials(ROOT_USER, password));
  }

  /**
   * The value of {@code key} in {@code secret} as text: from {@code data} (base64), else from
   * {@code stringData} (which an API server folds into data, but a test double may keep); null if absent.
   */
  public static String secretValue(Secret secret, String key) {
    if (secret == null) {
      return null;
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }

  /** The client of the data plane at {@code address}; owned by the connector, not to be closed. */
  public DataPlaneClient client(ClusterAddress address) {
    return connector.connect(address);
  }

  private static String key(VectorCluster cluster) {
    return cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
  }
}
