package io.quiver.server.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Per-call values taken from gRPC metadata: the {@code dbname} header (the database used when a
 * request body names none).
 */
public final class RequestContext {

  static final Metadata.Key<String> DBNAME = Metadata.Key.of("dbname", Metadata.ASCII_STRING_MARSHALLER);
  static final Context.Key<String> DATABASE = Context.key("quiver-database");

  private RequestContext() {}

  /** The database of the current call: the body's value if set, else the header's, else "default". */
  public static String database(String fromBody) {
    if (fromBody != null && !fromBody.isEmpty()) {
      return fromBody;
    }
    String header = DATABASE.get();
    return header == null || header.isEmpty() ? "default" : header;
  }

  /** Copies the dbname header into the call's context. */
  public static final class Interceptor implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String db = headers.get(DBNAME);
      Context ctx = Context.current().withValue(DATABASE, db);
      return Contexts.interceptCall(ctx, call, headers, next);
    }
  }
}
