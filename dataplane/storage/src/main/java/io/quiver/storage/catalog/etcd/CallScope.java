package io.quiver.storage.catalog.etcd;

import io.etcd.jetcd.api.WatchGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call of the store to etcd as the gRPC layer sees it: the absolute deadline of every RPC the
 * call makes, and, for writes, whether a request message was handed to a transport (so it may
 * have reached etcd). jetcd starts its RPCs on its own executor; {@link EtcdCalls} gives jetcd an
 * executor that carries the caller's {@link Context}, so the {@link #interceptor} sees the scope
 * of the call that caused the RPC.
 *
 * <p>Thread safety: the sent flag is set by gRPC threads and read by the caller.
 */
final class CallScope {

  private static final Context.Key<CallScope> KEY = Context.key("quiver-etcd-call-scope");
  private static final String WATCH_METHOD = WatchGrpc.getWatchMethod().getFullMethodName();

  private final Deadline deadline;
  private final boolean trackSends;
  private final AtomicBoolean sent = new AtomicBoolean();
  private final AtomicBoolean seen = new AtomicBoolean();

  private CallScope(Deadline deadline, boolean trackSends) {
    this.deadline = deadline;
    this.trackSends = trackSends;
  }

  /** A scope whose RPCs must finish by {@code deadline}; {@code trackSends}: record sent messages. */
  static CallScope until(Deadline deadline, boolean trackSends) {
    return new CallScope(deadline, trackSends);
  }

  Deadline deadline() {
    return deadline;
  }

  /** Whether an RPC of this scope handed a request message to a transport. */
  boolean mayHaveSent() {
    return sent.get();
  }

  /**
   * Whether the interceptor saw an RPC of this scope. If an RPC ran without it, {@link
   * #mayHaveSent()} knows nothing about it (jetcd started it outside the caller's context).
   */
  boolean wasSeen() {
    return seen.get();
  }

  /** Runs {@code action} (which starts jetcd calls) with this scope current. */
  <T> T run(Callable<T> action) throws Exception {
    return Context.current().withValue(KEY, this).call(action);
  }

  /**
   * Gives every RPC except watch streams a deadline: its scope's, or {@code fallback} from now for
   * RPCs started outside a scope (none should be). Watch streams live as long as their watcher.
   */
  static ClientInterceptor interceptor(Duration fallback) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (WATCH_METHOD.equals(method.getFullMethodName())) {
          return next.newCall(method, options);
        }
        CallScope scope = KEY.get();
        if (scope != null) {
          scope.seen.set(true);
        }
        Deadline deadline = scope != null ? scope.deadline : Deadline.after(fallback.toNanos(), TimeUnit.NANOSECONDS);
        if (options.getDeadline() == null || deadline.isBefore(options.getDeadline())) {
          options = options.withDeadline(deadline);
        }
        if (scope != null && scope.trackSends) {
          options = options.withStreamTracerFactory(scope.new SendTracer());
        }
        return next.newCall(method, options);
      }
    };
  }

  /** Sets {@link #sent} when gRPC frames a request message onto a real transport stream. */
  private final class SendTracer extends ClientStreamTracer.Factory {
    @Override
    public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
      return new ClientStreamTracer() {
        @Override
        public void outboundMessage(int seqNo) {
          sent.set(true);
        }
      };
    }
  }
}
