package io.quiver.operator.status;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Condition and Event reasons used by every reconciler, and the mapping of failures to reasons (habit 4). */
public final class Reasons {

  private Reasons() {}

  /** Everything the spec declares is in place and ready. */
  public static final String READY = "Ready";
  /** Objects exist but pods or data-plane work are not ready yet. */
  public static final String NOT_READY = "NotReady";
  /** Objects are being created or changed. */
  public static final String RECONCILING = "Reconciling";
  /** Nothing is left to do. */
  public static final String UP_TO_DATE = "UpToDate";
  /** No failure. */
  public static final String AS_EXPECTED = "AsExpected";
  /** The referenced VectorCluster does not exist. */
  public static final String CLUSTER_NOT_FOUND = "ClusterNotFound";
  /** A referenced Secret or key is missing or malformed. */
  public static final String KEY_MATERIAL_INVALID = "KeyMaterialInvalid";
  /** A schema change that is not additive; the operator does not apply it. */
  public static final String SCHEMA_CONFLICT = "SchemaConflict";
  /** The data plane could not be reached or refused a call that can be retried. */
  public static final String DATA_PLANE_UNAVAILABLE = "DataPlaneUnavailable";
  /** The data plane rejected a call for good. */
  public static final String DATA_PLANE_REJECTED = "DataPlaneRejected";
  /** The data plane does not implement what the spec needs (yet). */
  public static final String DATA_PLANE_UNSUPPORTED = "DataPlaneUnsupported";
  /** The referenced VectorCluster exists but is not ready to serve; the operator waits for it. */
  public static final String CLUSTER_NOT_READY = "ClusterNotReady";
  /** A ResourceGroup named in the spec does not exist. */
  public static final String RESOURCE_GROUP_NOT_FOUND = "ResourceGroupNotFound";
  /** The EncryptionKey named in the spec is missing or not ready; nothing is created unencrypted meanwhile. */
  public static final String ENCRYPTION_KEY_NOT_READY = "EncryptionKeyNotReady";
  /** The spec is valid for the CRD schema but cannot be applied as written (e.g. a default value of the wrong type). */
  public static final String INVALID_SPEC = "InvalidSpec";
  /** Something the operator manages was removed or changed outside it, and the operator restored it. */
  public static final String DRIFT_REPAIRED = "DriftRepaired";

  // ---- Event reasons of data-plane writes (one Normal Event each)

  public static final String DATABASE_CREATED = "DatabaseCreated";
  public static final String COLLECTION_CREATED = "CollectionCreated";
  public static final String FIELD_ADDED = "FieldAdded";
  public static final String PARTITION_CREATED = "PartitionCreated";
  public static final String PROPERTIES_CHANGED = "PropertiesChanged";
  public static final String INDEX_CREATED = "IndexCreated";
  public static final String INDEX_DROPPED = "IndexDropped";
  public static final String LOADED = "Loaded";
  public static final String RELEASED = "Released";
  public static final String COLLECTION_DROPPED = "CollectionDropped";
  public static final String COLLECTION_RETAINED = "CollectionRetained";
  public static final String GROUP_CREATED = "ResourceGroupCreated";
  public static final String GROUP_UPDATED = "ResourceGroupUpdated";
  public static final String GROUP_DROPPED = "ResourceGroupDropped";
  public static final String KEY_INSTALLED = "KeyInstalled";
  public static final String KEY_ROTATED = "KeyRotated";
  public static final String KEY_REVOKED = "KeyRevoked";
  public static final String KEY_RESTORED = "KeyRestored";
  /** A Kubernetes write lost an optimistic-concurrency race; retried. */
  public static final String CONFLICT = "Conflict";
  /** The Kubernetes API server failed (5xx) or could not be reached; retried. */
  public static final String API_SERVER_ERROR = "ApiServerError";
  /** The Kubernetes API server rejected an object as invalid. */
  public static final String INVALID_OBJECT = "InvalidObject";
  /** Any other failure. */
  public static final String RECONCILE_FAILED = "ReconcileFailed";

  /**
   * The failures inside {@code failure}: the dependents' own exceptions of a workflow's aggregated
   * exception (in dependent-name order), else {@code failure} itself.
   */
  public static List<Throwable> leaves(Throwable failure) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AggregatedOperatorException agg && !agg.getAggregatedExceptions().isEmpty()) {
        Map<String, Exception> sorted = new TreeMap<>(agg.getAggregatedExceptions());
        sorted.values().forEach(e -> out.addAll(leaves(e)));
        return out;
      }
    }
    out.add(failure);
    return out;
  }

  /**
   * Whether retrying may help: false only when every failure is a {@link ReconcileFailure} that says
   * it is permanent (a rejected or unsupported data-plane call, an invalid spec).
   */
  public static boolean retryable(Throwable failure) {
    return leaves(failure).stream().anyMatch(t -> !(t instanceof ReconcileFailure rf) || rf.retryable());
  }

  /** The reason for a failure: a {@link ReconcileFailure}'s own, or one derived from the HTTP status of an API error. */
  public static String of(Throwable failure) {
    return reasonOf(leaves(failure).getFirst());
  }

  private static String reasonOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ReconcileFailure rf) {
        return rf.reason();
      }
      if (t instanceof KubernetesClientException kce) {
        int code = kce.getCode();
        if (code == 409) {
          return CONFLICT;
        }
        if (code == 422 || code == 400) {
          return INVALID_OBJECT;
        }
        if (code >= 500 || code == 0 || code == 429) {
          return API_SERVER_ERROR;
        }
      }
    }
    return RECONCILE_FAILED;
  }

  /** A one-line message for a failure: the innermost useful message (of each dependent's failure, joined). */
  public static String messageOf(Throwable failure) {
    List<Throwable> leaves = leaves(failure);
    String joined = String.join("; ", leaves.stream().map(Reasons::leafMessage).distinct().toList());
    return joined.length() > 1000 ? joined.substring(0, 1000) + "..." : joined;
  }

  private static String leafMessage(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank()
        || !(t instanceof ReconcileFailure) && t.getCause() instanceof ReconcileFailure)) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.length() > 1000 ? message.substring(0, 1000) + "..." : message;
  }
}
