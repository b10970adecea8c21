package io.quiver.server.grpc;

import io.milvus.grpc.ErrorCode;
import io.milvus.grpc.Status;
import io.quiver.engine.error.QuiverException;

/**
 * Milvus {@link Status} values. Every error sets both a non-zero {@code code} and a non-Success
 * legacy {@code error_code}: the Java SDK checks both, the Node SDK only the legacy one.
 */
public final class Statuses {

  public static final Status SUCCESS = Status.newBuilder().setCode(0).setErrorCode(ErrorCode.Success).build();

  private Statuses() {}

  public static Status of(QuiverException e) {
    return Status.newBuilder()
        .setCode(code(e.code()))
        .setErrorCode(legacy(e.code()))
        .setReason(e.getMessage() == null ? e.code().name() : e.getMessage())
        .setRetriable(e.code().retriable())
        .build();
  }

  /** A status for an error that is not a {@link QuiverException} (a bug or an unexpected failure). */
  public static Status unexpected(Throwable t) {
    if (t instanceof QuiverException q) {
      return of(q);
    }
    return Status.newBuilder()
        .setCode(io.quiver.engine.error.ErrorCode.INTERNAL.milvusCode())
        .setErrorCode(ErrorCode.UnexpectedError)
        .setReason("internal error: " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()))
        .build();
  }

  public static Status unsupported(String rpc) {
    return Status.newBuilder()
        .setCode(io.quiver.engine.error.ErrorCode.UNSUPPORTED.milvusCode())
        .setErrorCode(ErrorCode.UnexpectedError)
        .setReason(rpc + " is not supported by Quiver yet")
        .build();
  }

  static int code(io.quiver.engine.error.ErrorCode c) {
    return switch (c) {
      case STORAGE_UNAVAILABLE -> 2;
      default -> c.milvusCode();
    };
  }

  static ErrorCode legacy(io.quiver.engine.error.ErrorCode c) {
    return switch (c) {
      case COLLECTION_NOT_FOUND -> ErrorCode.CollectionNotExists;
      case INDEX_NOT_FOUND -> ErrorCode.IndexNotExist;
      case INVALID_ARGUMENT, MISSING_ARGUMENT, LIMIT_EXCEEDED, COLLECTION_ALREADY_EXISTS, UNSUPPORTED -> ErrorCode.IllegalArgument;
      case SCHEMA_MISMATCH -> ErrorCode.SchemaMismatch;
      case RATE_LIMITED -> ErrorCode.RateLimit;
      case NOT_READY -> ErrorCode.NotReadyServe;
      case PARTITION_NOT_FOUND -> ErrorCode.MetaFailed;
      case PERMISSION_DENIED, AUTHENTICATION_FAILED -> ErrorCode.PermissionDenied;
      default -> ErrorCode.UnexpectedError;
    };
  }
}
