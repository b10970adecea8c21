package io.quiver.storage.catalog.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection of an {@link EtcdKvStore} to etcd: one jetcd {@link Client} and the rules every
 * call follows.
 *
 * <ul>
 *   <li><b>Deadlines.</b> Every call has one absolute deadline, {@link EtcdConfig#callTimeout()}
 *       from its start; every RPC it makes carries it ({@link CallScope}), so nothing waits longer
 *       (jetcd's own retries are off).
 *   <li><b>Reads</b> ({@link #read}) have no side effects: they are retried on transient errors
 *       until the deadline, then fail with {@link CatalogUnavailableException}.
 *   <li><b>Writes</b> ({@link #write}) are sent at most once. A failure before any request message
 *       reached a transport is {@link CatalogUnavailableException} (not applied); an error etcd
 *       returns before applying (invalid, too large, no such lease, no space) is mapped by the
 *       caller's {@link Rejection}; any other failure after sending is {@link
 *       CommitOutcomeUnknownException}.
 *   <li><b>Reconnection.</b> jetcd's gRPC channel reconnects by itself, but after a long outage
 *       its exponential backoff (up to 2 minutes) can delay the first connect after etcd is back.
 *       Before each call, and after each failure, a channel in {@code TRANSIENT_FAILURE} has its
 *       backoff reset, so a call made after etcd's return connects at once.
 * </ul>
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
final class EtcdCalls implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdCalls.class);
  /** How much longer than the RPC deadline the caller waits for gRPC to report it. */
  private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long FIRST_RETRY_PAUSE_MILLIS = 25;
  private static final long MAX_RETRY_PAUSE_MILLIS = 250;

  /**
   * Codes with which etcd refuses a request before proposing it to raft, so it was not applied:
   * validation, quotas, auth, missing leases. Every other failure after a send leaves the outcome
   * unknown ("request timed out", "leader changed", a broken connection).
   */
  private static final Set<ErrorCode> REFUSED_BEFORE_APPLY = Set.of(ErrorCode.INVALID_ARGUMENT, ErrorCode.FAILED_PRECONDITION,
      ErrorCode.OUT_OF_RANGE, ErrorCode.RESOURCE_EXHAUSTED, ErrorCode.PERMISSION_DENIED, ErrorCode.UNAUTHENTICATED,
      ErrorCode.NOT_FOUND, ErrorCode.ALREADY_EXISTS, ErrorCode.UNIMPLEMENTED);

  /** Turns an error etcd returned before applying anything into the exception the caller throws. */
  @FunctionalInterface
  interface Rejection {
    /** May throw an unchecked exception instead (e.g. {@link IllegalArgumentException}). */
    IOException map(String what, EtcdException error);
  }

  private final EtcdConfig config;
  private final ExecutorService executor;
  private final Client client;
  private final ManagedChannel channel;
  private volatile boolean closed;

  EtcdCalls(EtcdConfig config) {
    this.config = config;
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "quiver-etcd-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.executor = new ContextExecutor(pool);
    long maxInbound = Math.min(Integer.MAX_VALUE, (long) config.scanPageSize() * config.maxRequestBytes() + (1 << 20));
    this.client = Client.builder()
        .endpoints(config.endpoints().toArray(String[]::new))
        .executorService(executor)
        .interceptor(CallScope.interceptor(config.callTimeout()))
        .retryMaxAttempts(0)
        .maxInboundMessageSize((int) Math.max(maxInbound, 4 << 20))
        .connectTimeout(config.callTimeout())
        .build();
    this.channel = channelOf(client);
  }

  EtcdConfig config() {
    return config;
  }

  Client client() {
    checkOpen();
    return client;
  }

  private Deadline newDeadline() {
    return Deadline.after(config.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs a side-effect-free call, retried on transient errors until its deadline, {@link
   * EtcdConfig#callTimeout()} from now.
   *
   * @throws CatalogUnavailableException when no attempt succeeds by the deadline
   * @throws IOException what {@code rejection} makes of an error etcd answers that retrying cannot fix
   */
  <T> T read(String what, Function<Client, CompletableFuture<T>> call, Rejection rejection) throws IOException {
    Deadline deadline = newDeadline();
    long pause = FIRST_RETRY_PAUSE_MILLIS;
    while (true) {
      CallScope scope = CallScope.until(deadline, false);
      Throwable failure;
      try {
        return await(scope, call);
      } catch (TimeoutException e) {
        throw unavailable(what, e);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      EtcdException error = EtcdExceptionFactory.toEtcdException(failure);
      if (REFUSED_BEFORE_APPLY.contains(error.getErrorCode()) && error.getErrorCode() != ErrorCode.RESOURCE_EXHAUSTED) {
        throw rejection.map(what, error);
      }
      wakeChannel();
      long remainingMillis = deadline.timeRemaining(TimeUnit.MILLISECONDS);
      if (remainingMillis <= pause) {
        throw unavailable(what, failure);
      }
      pause(pause);
      pause = Math.min(2 * pause, MAX_RETRY_PAUSE_MILLIS);
    }
  }

  /**
   * Runs a call with side effects once, with a deadline of {@link EtcdConfig#callTimeout()}.
   *
   * @throws CatalogUnavailableException when it failed before any request reached a transport (known
   *     only when the RPC ran in its {@link CallScope}; otherwise the outcome counts as unknown)
   * @throws CommitOutcomeUnknownException when a request was sent and no answer came back
   * @throws IOException what {@code rejection} makes of an error etcd answers before applying
   */
  <T> T write(String what, Function<Client, CompletableFuture<T>> call, Rejection rejection) throws IOException {
    CallScope scope = CallScope.until(newDeadline(), true);
    Throwable failure;
    try {
      T result = await(scope, call);
      if (!scope.wasSeen()) {
        LOG.error("{}: the RPC ran outside its call scope (jetcd changed how it starts calls?); failed writes will be "
            + "reported as of unknown outcome", what);
      }
      return result;
    } catch (TimeoutException e) {
      // gRPC did not report the end of the call by its deadline: it might still be sent
      throw new CommitOutcomeUnknownException(what + ": no answer from etcd within " + millis() + " ms; "
          + "it may have been applied", e);
    } catch (ExecutionException e) {
      failure = e.getCause();
    } catch (InterruptedIOException e) {
      throw new CommitOutcomeUnknownException(what + ": interrupted while waiting for etcd; it may have been applied", e);
    }
    EtcdException error = EtcdExceptionFactory.toEtcdException(failure);
    if (!scope.mayHaveSent() && scope.wasSeen()) {
      wakeChannel();
      throw unavailable(what, failure);
    }
    if (REFUSED_BEFORE_APPLY.contains(error.getErrorCode())) {
      throw rejection.map(what, error);
    }
    wakeChannel();
    throw new CommitOutcomeUnknownException(what + ": sent to etcd, but " + describe(error) + "; it may have been "
        + "applied", failure);
  }

  /** The default {@link Rejection}: no space or overload is unavailability; anything else a rejection. */
  static IOException rejected(String what, EtcdException error) {
    if (error.getErrorCode() == ErrorCode.RESOURCE_EXHAUSTED) {
      return new CatalogUnavailableException(what + ": etcd refused it, " + describe(error), error);
    }
    return new CatalogRejectedException(what + ": etcd refused it, " + describe(error), error);
  }

  /** Resets the reconnect backoff of a channel that failed to connect, so the next call connects now. */
  void wakeChannel() {
    ManagedChannel ch = channel;
    if (ch != null && !closed && ch.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      ch.resetConnectBackoff();
    }
  }

  CatalogUnavailableException unavailable(String what, Throwable cause) {
    String reason = cause instanceof TimeoutException ? "no answer" : describe(EtcdExceptionFactory.toEtcdException(cause));
    return new CatalogUnavailableException(what + ": etcd at " + String.join(",", config.endpoints())
        + " is unavailable (" + reason + ", deadline " + millis() + " ms)", cause);
  }

  static String describe(EtcdException error) {
    String message = error.getMessage();
    return error.getErrorCode() + (message == null || message.isEmpty() ? "" : ": " + firstLine(message));
  }

  private static String firstLine(String s) {
    int cut = s.indexOf('\n');
    String line = cut < 0 ? s : s.substring(0, cut);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private long millis() {
    return config.callTimeout().toMillis();
  }

  private <T> T await(CallScope scope, Function<Client, CompletableFuture<T>> call)
      throws TimeoutException, ExecutionException, InterruptedIOException {
    checkOpen();
    wakeChannel();
    CompletableFuture<T> future;
    try {
      future = scope.run(() -> call.apply(client));
    } catch (RuntimeException e) {
      throw new ExecutionException(e);
    } catch (Exception e) {
      throw new IllegalStateException("unexpected checked exception from jetcd", e);
    }
    try {
      return future.get(scope.deadline().timeRemaining(TimeUnit.NANOSECONDS) + GRACE_NANOS, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw e;
    } catch (CancellationException e) {
      throw new ExecutionException(e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CompletionException && cause.getCause() != null) {
        throw new ExecutionException(cause.getCause());
      }
      throw e;
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while waiting for etcd");
      io.initCause(e);
      throw io;
    }
  }

  private static void pause(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while waiting to retry an etcd call");
      io.initCause(e);
      throw io;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the etcd catalog store is closed");
    }
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    client.close();
    executor.shutdownNow();
  }

  /**
   * jetcd's gRPC channel, to reset its reconnect backoff. jetcd 0.8.5 does not expose it, so it is
   * read from {@code ClientImpl.connectionManager.getChannel()}; if that ever fails, the store still
   * works and reconnects on gRPC's own schedule.
   */
  private static ManagedChannel channelOf(Client client) {
    try {
      Field field = client.getClass().getDeclaredField("connectionManager");
      field.setAccessible(true);
      Object manager = field.get(client);
      Method getChannel = manager.getClass().getDeclaredMethod("getChannel");
      getChannel.setAccessible(true);
      return (ManagedChannel) getChannel.invoke(manager);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot reach jetcd's gRPC channel ({}); after an etcd outage the store reconnects on gRPC's backoff "
          + "schedule (up to 2 minutes)", e.toString());
      return null;
    }
  }

  /** Runs tasks with the {@link Context} of the thread that submitted them, so {@link CallScope}s reach jetcd's RPCs. */
  private static final class ContextExecutor extends AbstractExecutorService {
    private final ExecutorService delegate;

    ContextExecutor(ExecutorService delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
      delegate.execute(Context.current().wrap(task));
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }
  }
}
