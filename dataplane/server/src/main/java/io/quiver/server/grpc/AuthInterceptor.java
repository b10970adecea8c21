package io.quiver.server.grpc;

import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.milvus.grpc.ErrorCode;
import io.milvus.grpc.Status;
import io.quiver.engine.error.QuiverException;
import io.quiver.server.auth.AuditEvent;
import io.quiver.server.auth.AuthContext;
import io.quiver.server.auth.Authenticator;
import io.quiver.server.auth.Principal;
import io.quiver.server.auth.PrivilegeTable;
import io.quiver.server.auth.Security;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and authorization of every call.
 *
 * <ol>
 *   <li>With authorization enabled, the {@code authorization} header is checked by the
 *       {@link Authenticator}; a call without valid credentials is answered with a Milvus status
 *       (code 1800, legacy {@code PermissionDenied}, Milvus's "auth check failure" message), never
 *       with a gRPC error, which the SDKs would retry.
 *   <li>When the request arrives, its {@link PrivilegeTable.Rule} and target are checked by the
 *       {@link io.quiver.server.auth.Authorizer}; a denied call is answered with the Milvus status
 *       of the error (permission denied, or "database not found" for an API key outside its
 *       databases) and never reaches the service.
 *   <li>The caller is put into the gRPC context ({@link AuthContext}) for the service's own
 *       filtering, and administrative RPCs are reported to the audit sink with their outcome.
 * </ol>
 *
 * An implemented RPC without a rule is refused (fail closed); RPCs answered as unsupported pass
 * once the caller is authenticated.
 */
public final class AuthInterceptor implements ServerInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(AuthInterceptor.class);

  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  /** Milvus's code for "user hasn't authenticated" (merr.ErrNeedAuthenticate). */
  static final int AUTH_FAILED_CODE = io.quiver.engine.error.ErrorCode.AUTHENTICATION_FAILED.milvusCode();

  private final Security security;
  private final Set<String> unsupported;

  public AuthInterceptor(Security security) {
    this.security = security;
    this.unsupported = UnsupportedRpcs.unsupportedNames();
  }

  /** The status a call without valid credentials gets. */
  public static Status authenticationFailed(String reason) {
    return Status.newBuilder().setCode(AUTH_FAILED_CODE).setErrorCode(ErrorCode.PermissionDenied).setReason(reason).build();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    MethodDescriptor<Q, R> md = call.getMethodDescriptor();
    String rpc = md.getBareMethodName();
    boolean unary = md.getType() == MethodDescriptor.MethodType.UNARY;
    PrivilegeTable.Rule rule = PrivilegeTable.rule(rpc);
    String headerDb = headers.get(RequestContext.DBNAME);
    Principal principal = Principal.ANONYMOUS;
    if (security.enabled()) {
      Authenticator.Result auth = security.authenticator().authenticate(headers.get(AUTHORIZATION));
      if (!auth.ok()) {
        if (!unary) {
          call.close(io.grpc.Status.UNAUTHENTICATED.withDescription(auth.failure()), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return new Rejecting<>(call, rule, headerDb, "unauthenticated", "", authenticationFailed(auth.failure()));
      }
      principal = auth.principal();
    }
    if (rule == null) {
      if (unsupported.contains(rpc) || !unary) {
        return next.startCall(call, headers);
      }
      // An implemented RPC nobody wrote a rule for: refuse rather than guess.
      LOG.error("RPC {} has no authorization rule; refusing it", rpc);
      return new Rejecting<>(call, null, headerDb, principal.actor(), principal.tenant(), Statuses.of(new QuiverException(
          io.quiver.engine.error.ErrorCode.PERMISSION_DENIED, rpc + " has no authorization rule in this server")));
    }
    AuthContext.Access access = new AuthContext.Access(principal, security.authorizer());
    Context ctx = AuthContext.with(Context.current(), access);
    CallState state = new CallState(rule, principal, remote(call));
    ServerCall<Q, R> answered = rule.admin() ? new Audited<>(call, state) : call;
    ServerCall.Listener<Q> delegate = Contexts.interceptCall(ctx, answered, headers, next);
    return new Authorizing<>(delegate, answered, state, headerDb);
  }

  private static String remote(ServerCall<?, ?> call) {
    SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return a == null ? "" : a.toString();
  }

  /** What the interceptor knows about one call, for the audit event. */
  private static final class CallState {
    final PrivilegeTable.Rule rule;
    final Principal principal;
    final String source;
    volatile String target = "";
    volatile boolean recorded;

    CallState(PrivilegeTable.Rule rule, Principal principal, String source) {
      this.rule = rule;
      this.principal = principal;
      this.source = source;
    }
  }

  private void audit(CallState s, String result) {
    if (s.recorded) {
      return;
    }
    s.recorded = true;
    security.record(new AuditEvent(Instant.now(), s.principal.actor(), s.principal.tenant(), s.rule.rpc(), s.target, result,
        s.source));
  }

  /** Checks the request against the rule before the service sees it. */
  private final class Authorizing<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, R> call;
    private final CallState state;
    private final String headerDb;
    private boolean rejected;

    Authorizing(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, CallState state, String headerDb) {
      super(delegate);
      this.call = call;
      this.state = state;
      this.headerDb = headerDb;
    }

    @Override
    public void onMessage(Q message) {
      if (rejected) {
        return;
      }
      QuiverException denied;
      try {
        PrivilegeTable.Target target = state.rule.target((Message) message, headerDb);
        state.target = target.description();
        denied = security.authorizer().check(state.principal, state.rule, target);
      } catch (RuntimeException e) {
        LOG.error("authorization of {} failed", state.rule.rpc(), e);
        denied = new QuiverException(io.quiver.engine.error.ErrorCode.PERMISSION_DENIED,
            "authorization failed: " + e.getClass().getSimpleName());
      }
      if (denied != null) {
        rejected = true;
        LOG.debug("{} by {} denied: {}", state.rule.rpc(), state.principal.actor(), denied.getMessage());
        if (state.rule.admin()) {
          audit(state, "denied: " + denied.getMessage());
        }
        reply(call, Statuses.of(denied));
        return;
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (!rejected) {
        super.onHalfClose();
      }
    }
  }

  /** Reports the outcome of an administrative call when its answer is sent. */
  private final class Audited<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private final CallState state;

    Audited(ServerCall<Q, R> delegate, CallState state) {
      super(delegate);
      this.state = state;
    }

    @Override
    public void sendMessage(R message) {
      if (!state.recorded) {
        Status status = statusOf(message);
        audit(state, status == null || (status.getCode() == 0 && status.getErrorCode() == ErrorCode.Success) ? "success"
            : "failed: " + status.getReason());
      }
      super.sendMessage(message);
    }

    @Override
    public void close(io.grpc.Status status, Metadata trailers) {
      if (!state.recorded && !status.isOk()) {
        audit(state, "failed: " + status);
      }
      super.close(status, trailers);
    }
  }

  /** Answers a unary call with an error status once its request has arrived, without calling the service. */
  private final class Rejecting<Q, R> extends ServerCall.Listener<Q> {
    private final ServerCall<Q, R> call;
    private final PrivilegeTable.Rule rule;
    private final String headerDb;
    private final String actor;
    private final String tenant;
    private final Status status;
    private Q message;
    private boolean done;

    Rejecting(ServerCall<Q, R> call, PrivilegeTable.Rule rule, String headerDb, String actor, String tenant, Status status) {
      this.call = call;
      this.rule = rule;
      this.headerDb = headerDb;
      this.actor = actor;
      this.tenant = tenant;
      this.status = status;
      call.request(2);
    }

    @Override
    public void onMessage(Q m) {
      message = m;
    }

    @Override
    public void onHalfClose() {
      if (done) {
        return;
      }
      done = true;
      if (rule != null && rule.admin()) {
        String target = "";
        try {
          target = message == null ? "" : rule.target((Message) message, headerDb).description();
        } catch (RuntimeException e) {
          // the target is only for the audit line
        }
        security.record(new AuditEvent(Instant.now(), actor, tenant, rule.rpc(), target, "denied: " + status.getReason(),
            remote(call)));
      }
      reply(call, status);
    }
  }

  /** Sends {@code status} as the call's answer (in the method's response message) and closes it. */
  static <Q, R> void reply(ServerCall<Q, R> call, Status status) {
    MethodDescriptor<Q, R> md = call.getMethodDescriptor();
    @SuppressWarnings("unchecked")
    MethodDescriptor.PrototypeMarshaller<R> marshaller = (MethodDescriptor.PrototypeMarshaller<R>) md.getResponseMarshaller();
    @SuppressWarnings("unchecked")
    R response = (R) UnsupportedRpcs.withStatus((Message) marshaller.getMessagePrototype(), status);
    call.sendHeaders(new Metadata());
    call.sendMessage(response);
    call.close(io.grpc.Status.OK, new Metadata());
  }

  /** The Milvus status inside a response message, or null. */
  static Status statusOf(Object response) {
    if (response instanceof Status s) {
      return s;
    }
    if (response instanceof Message m) {
      com.google.protobuf.Descriptors.FieldDescriptor fd = m.getDescriptorForType().findFieldByName("status");
      if (fd != null && fd.getMessageType() == Status.getDescriptor()) {
        return (Status) m.getField(fd);
      }
    }
    return null;
  }
}
