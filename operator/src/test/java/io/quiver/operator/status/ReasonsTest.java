package io.quiver.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.quiver.operator.dataplane.DataPlaneException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReasonsTest {

  private static AggregatedOperatorException workflowFailure(Map<String, Exception> byDependent) {
    return new AggregatedOperatorException("Exception(s) during workflow execution.", byDependent);
  }

  @Test
  void aWorkflowFailureIsReportedByItsDependentsReasonsAndMessagesWithoutStackTraces() {
    Map<String, Exception> failures = new LinkedHashMap<>();
    failures.put("nodes", new KubernetesClientException("conflict", 409, null));
    failures.put("data-plane-group", new DataPlaneException(DataPlaneException.Kind.UNSUPPORTED,
        "CreateResourceGroup search_pool failed: CreateResourceGroup is not supported by Quiver yet (code 1100)"));
    AggregatedOperatorException e = workflowFailure(failures);
    assertThat(Reasons.of(e)).isEqualTo(Reasons.DATA_PLANE_UNSUPPORTED);
    assertThat(Reasons.messageOf(e)).isEqualTo("CreateResourceGroup search_pool failed: CreateResourceGroup is not"
        + " supported by Quiver yet (code 1100); conflict").doesNotContain("\tat ");
    assertThat(Reasons.retryable(e)).as("the conflict is worth a retry").isTrue();
  }

  @Test
  void onlyPermanentFailuresAreNotRetried() {
    assertThat(Reasons.retryable(new DataPlaneException(DataPlaneException.Kind.UNAVAILABLE, "down"))).isTrue();
    assertThat(Reasons.retryable(new DataPlaneException(DataPlaneException.Kind.REJECTED, "bad"))).isFalse();
    assertThat(Reasons.retryable(workflowFailure(Map.of("collection",
        ReconcileFailure.permanent(Reasons.SCHEMA_CONFLICT, "x"))))).isFalse();
    assertThat(Reasons.retryable(new KubernetesClientException("boom", 500, null))).isTrue();
    assertThat(Reasons.retryable(new IllegalStateException("bug"))).isTrue();
  }
}
