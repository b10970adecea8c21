package io.quiver.operator.it;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps the CRUD mock's dispatcher: records every write (method and path) and, when asked, answers a
 * share of API calls with 409 Conflict or 5xx without performing them. Watches and requests carrying
 * {@link #HARNESS_HEADER} (the test's own kubelet and garbage-collector stand-ins) are never failed
 * nor recorded. Thread-safe.
 */
final class FaultInjectingDispatcher extends Dispatcher {

  /** Header marking requests of the test harness itself. */
  static final String HARNESS_HEADER = "X-Quiver-Test-Harness";

  private final Dispatcher delegate;
  private final Random random = new Random(42);
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private volatile double conflictRate;
  private volatile double serverErrorRate;
  private volatile int injected;

  FaultInjectingDispatcher(Dispatcher delegate) {
    this.delegate = delegate;
  }

  /** From now on, fail this share of calls with 409 and this share with 500/503. */
  void inject(double conflicts, double serverErrors) {
    this.conflictRate = conflicts;
    this.serverErrorRate = serverErrors;
  }

  /** Writes recorded so far, as "METHOD path". */
  List<String> writes() {
    return List.copyOf(writes);
  }

  void clearWrites() {
    writes.clear();
  }

  int injectedFaults() {
    return injected;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    boolean harness = request.getHeader(HARNESS_HEADER) != null;
    boolean watch = request.getPath() != null && request.getPath().contains("watch=true");
    if (!harness && !watch) {
      double roll;
      synchronized (random) {
        roll = random.nextDouble();
      }
      if (roll < conflictRate) {
        injected++;
        return status(409, "Conflict", "injected conflict");
      }
      if (roll < conflictRate + serverErrorRate) {
        injected++;
        return status(roll < conflictRate + serverErrorRate / 2 ? 500 : 503, "InternalError", "injected server error");
      }
      String method = request.getMethod();
      if (!method.equals("GET")) {
        writes.add(method + " " + request.getPath());
      }
    }
    return delegate.dispatch(request);
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason
            + "\",\"message\":\"" + message + "\",\"code\":" + code + "}");
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }
}
