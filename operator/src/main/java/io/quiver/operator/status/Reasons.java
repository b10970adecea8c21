package io.quiver.operator.status;

import io.fabric8.kubernetes.client.KubernetesClientException;

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
  /** A Kubernetes write lost an optimistic-concurrency race; retried. */
  public static final String CONFLICT = "Conflict";
  /** The Kubernetes API server failed (5xx) or could not be reached; retried. */
  public static final String API_SERVER_ERROR = "ApiServerError";
  /** The Kubernetes API server rejected an object as invalid. */
  public static final String INVALID_OBJECT = "InvalidObject";
  /** Any other failure. */
  public static final String RECONCILE_FAILED = "ReconcileFailed";

  /** The reason for a failure: a {@link ReconcileFailure}'s own, or one derived from the HTTP status of an API error. */
  public static String of(Throwable failure) {
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

  /** A one-line message for a failure: the innermost useful message. */
  public static String messageOf(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank()
        || !(t instanceof ReconcileFailure) && t.getCause() instanceof ReconcileFailure)) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.length() > 1000 ? message.substring(0, 1000) + "..." : message;
  }
}
