package io.quiver.operator.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import io.quiver.operator.status.Reasons;
import org.junit.jupiter.api.Test;

/** {@link MilvusDataPlaneClient#translate}: Milvus SDK failures become DataPlaneException kinds by error code. */
class MilvusErrorTranslationTest {

  private static DataPlaneException server(int code, String reason) {
    return MilvusDataPlaneClient.translate("CreateIndex db.c.i", new MilvusClientException(ErrorCode.SERVER_ERROR, reason, code, 1));
  }

  @Test
  void answersThatSayTryLaterAreRetryable() {
    for (int code : new int[] {1, 2, 8, 103, 106, 401}) {
      DataPlaneException e = server(code, "busy");
      assertThat(e.kind()).as("code %d", code).isEqualTo(DataPlaneException.Kind.UNAVAILABLE);
      assertThat(e.retryable()).isTrue();
      assertThat(e.reason()).isEqualTo(Reasons.DATA_PLANE_UNAVAILABLE);
    }
  }

  @Test
  void invalidRequestsAndMissingObjectsAreRejectedWithTheDataPlanesReasonAndCode() {
    DataPlaneException e = server(1100, "at most one distinct index is allowed per field");
    assertThat(e.kind()).isEqualTo(DataPlaneException.Kind.REJECTED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.code()).isEqualTo(1100);
    assertThat(e.getMessage()).isEqualTo("CreateIndex db.c.i failed: at most one distinct index is allowed per field (code 1100)");
    assertThat(server(100, "collection not found").kind()).isEqualTo(DataPlaneException.Kind.REJECTED);
    assertThat(server(700, "there is no vector index").kind()).isEqualTo(DataPlaneException.Kind.REJECTED);
  }

  @Test
  void notSupportedAnswersAreUnsupported() {
    DataPlaneException e = server(10, "CreateResourceGroup is not supported by Quiver yet");
    assertThat(e.kind()).isEqualTo(DataPlaneException.Kind.UNSUPPORTED);
    assertThat(e.reason()).isEqualTo(Reasons.DATA_PLANE_UNSUPPORTED);
    assertThat(server(1100, "X is not supported").kind()).as("older servers said so with 1100")
        .isEqualTo(DataPlaneException.Kind.UNSUPPORTED);
  }

  @Test
  void networkFailuresAreRetryableAndUnimplementedOrUnauthenticatedCallsAreNot() {
    assertThat(MilvusDataPlaneClient.translate("x", Status.UNAVAILABLE.asRuntimeException()).kind())
        .isEqualTo(DataPlaneException.Kind.UNAVAILABLE);
    assertThat(MilvusDataPlaneClient.translate("x", Status.DEADLINE_EXCEEDED.asRuntimeException()).kind())
        .isEqualTo(DataPlaneException.Kind.UNAVAILABLE);
    assertThat(MilvusDataPlaneClient.translate("x", new MilvusClientException(ErrorCode.RPC_ERROR,
        "Encounter rpc error that cannot be retried, reason: io.grpc.StatusRuntimeException: UNIMPLEMENTED: x")).kind())
        .isEqualTo(DataPlaneException.Kind.UNSUPPORTED);
    assertThat(MilvusDataPlaneClient.translate("x", new MilvusClientException(ErrorCode.RPC_ERROR,
        "Encounter rpc error that cannot be retried, reason: io.grpc.StatusRuntimeException: UNAUTHENTICATED: bad")).kind())
        .isEqualTo(DataPlaneException.Kind.REJECTED);
    assertThat(MilvusDataPlaneClient.translate("x", new MilvusClientException(ErrorCode.TIMEOUT, "Retry timeout")).kind())
        .isEqualTo(DataPlaneException.Kind.UNAVAILABLE);
  }
}
