package io.quiver.engine.error;

/**
 * Engine error categories. The server maps each to the Milvus status ({@code code} and the
 * legacy {@code error_code}) that the Milvus SDKs expect; the numbers here are Milvus's
 * {@code code} values.
 */
public enum ErrorCode {
  /** A parameter is invalid (wrong type, out of range, malformed expression, ...). */
  INVALID_ARGUMENT(1100, false),
  /** A required parameter is missing. */
  MISSING_ARGUMENT(1101, false),
  DATABASE_NOT_FOUND(800, false),
  DATABASE_ALREADY_EXISTS(802, false),
  COLLECTION_NOT_FOUND(100, false),
  COLLECTION_NOT_LOADED(101, false),
  COLLECTION_ALREADY_EXISTS(1100, false),
  PARTITION_NOT_FOUND(200, false),
  INDEX_NOT_FOUND(700, false),
  ALIAS_NOT_FOUND(1600, false),
  RESOURCE_GROUP_NOT_FOUND(300, false),
  SCHEMA_MISMATCH(109, false),
  /** A write or read exceeds a configured limit (request size, row count, topk). */
  LIMIT_EXCEEDED(1100, false),
  RATE_LIMITED(8, true),
  /** The service is not ready (starting, stopping, a dependency is down); retry later. */
  NOT_READY(1, true),
  /** A storage dependency failed transiently (disk full, object store unreachable); retryable. */
  STORAGE_UNAVAILABLE(1, true),
  /** Access to encrypted data was refused by the key provider; not retryable. */
  KEY_REVOKED(2400, false),
  PERMISSION_DENIED(1401, false),
  AUTHENTICATION_FAILED(1800, false),
  /** A feature or RPC that is not implemented (Milvus's "service unimplemented"). */
  UNSUPPORTED(10, false),
  INTERNAL(5, false);

  private final int milvusCode;
  private final boolean retriable;

  ErrorCode(int milvusCode, boolean retriable) {
    this.milvusCode = milvusCode;
    this.retriable = retriable;
  }

  /** The Milvus {@code Status.code} for this category. */
  public int milvusCode() {
    return milvusCode;
  }

  public boolean retriable() {
    return retriable;
  }
}
