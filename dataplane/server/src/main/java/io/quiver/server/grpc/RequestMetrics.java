package io.quiver.server.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests each database receives, by RPC, since the server started: the request
 * rates the control plane's usage page shows (GetMetrics with {@code metric_type=quiver_usage}).
 * Installed inside authentication, so only authenticated calls count; the database is the
 * request body's {@code db_name}, else the {@code dbname} header, else {@code default}. Counters
 * only grow; rates are differences between two readings.
 *
 * <p>Thread safety: thread-safe; counting is a map lookup and a {@link LongAdder} increment.
 */
public final class RequestMetrics implements ServerInterceptor {

  /** Most databases tracked; beyond that, calls naming unknown databases count under "(other)". */
  static final int MAX_DATABASES = 1024;

  private final long startedMillis = System.currentTimeMillis();
  private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String rpc = call.getMethodDescriptor().getBareMethodName();
    String header = headers.get(RequestContext.DBNAME);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      @Override
      public void onMessage(Q message) {
        record(databaseOf(message, header), rpc);
        super.onMessage(message);
      }
    };
  }

  static String databaseOf(Object message, String header) {
    if (message instanceof Message m) {
      Descriptors.FieldDescriptor f = m.getDescriptorForType().findFieldByName("db_name");
      if (f != null && f.getJavaType() == Descriptors.FieldDescriptor.JavaType.STRING) {
        String body = (String) m.getField(f);
        if (!body.isEmpty()) {
          return body;
        }
      }
    }
    return header == null || header.isEmpty() ? "default" : header;
  }

  void record(String database, String rpc) {
    Map<String, LongAdder> perDb = counts.get(database);
    if (perDb == null) {
      String key = counts.size() >= MAX_DATABASES ? "(other)" : database;
      perDb = counts.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    }
    perDb.computeIfAbsent(rpc, k -> new LongAdder()).increment();
  }

  /** When counting started (epoch milliseconds). */
  public long startedMillis() {
    return startedMillis;
  }

  /** The counts of {@code database} by RPC, sorted by name (empty if it received none). */
  public Map<String, Long> counts(String database) {
    Map<String, Long> out = new TreeMap<>();
    Map<String, LongAdder> perDb = counts.get(database);
    if (perDb != null) {
      perDb.forEach((rpc, n) -> out.put(rpc, n.sum()));
    }
    return out;
  }
}
