package io.quiver.storage.object;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * Runs one request again after transient failures, with exponential backoff and jitter, bounded
 * by an attempt count and by a deadline.
 *
 * <p>Attempt {@code n} (from 1) that fails with a retryable {@link ObjectStoreException} is
 * followed by a pause drawn uniformly from {@code [b/2, b]} where {@code b = min(maxBackoff,
 * initialBackoff * 2^(n-1))}, then attempt {@code n+1}, unless {@code maxAttempts} attempts have
 * been made or the pause would end at or after the deadline; then the call fails with a
 * retryable exception that says so and carries the last failure's message. Each attempt may run
 * for at most {@code min(requestTimeout, time left before the deadline)}, which it is told. A
 * non-retryable failure ends the call at once. An attempt that reports {@linkplain
 * Attempt.Context#progress() progress} (a download that received bytes) restarts the count and
 * the deadline, so that long transfers are bounded per stall, not in total.
 *
 * <p>Thread safety: immutable; {@link #call} may run in any number of threads.
 */
final class Retrier {

  /** One try of the request. */
  @FunctionalInterface
  interface Attempt<T> {
    T run(Context context) throws Exception;

    /** What an attempt knows about its budget. */
    interface Context {
      /** How long this attempt may take, in nanoseconds; always positive. */
      long timeoutNanos();

      /** The attempt number, from 1. */
      int attempt();

      /** Records that this attempt moved the request forward: the budget starts over. */
      void progress();
    }
  }

  /** Turns what an attempt threw into the store's exception (retryable or not). */
  @FunctionalInterface
  interface Classifier {
    ObjectStoreException classify(Throwable failure, long attemptTimeoutNanos);
  }

  /** Time source and sleeper; the system clock in production, a fake one in tests. */
  interface Clock {
    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;
  }

  static final Clock SYSTEM_CLOCK = new Clock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  };

  private final int maxAttempts;
  private final long initialBackoffNanos;
  private final long maxBackoffNanos;
  private final long requestTimeoutNanos;
  private final Clock clock;
  /** Given a bound b >= 1, returns a value in [0, b): the jitter source. */
  private final LongUnaryOperator random;

  Retrier(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
    this(maxAttempts, initialBackoff, maxBackoff, requestTimeout, SYSTEM_CLOCK,
        bound -> ThreadLocalRandom.current().nextLong(bound));
  }

  Retrier(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout, Clock clock,
      LongUnaryOperator random) {
    this.maxAttempts = maxAttempts;
    this.initialBackoffNanos = initialBackoff.toNanos();
    this.maxBackoffNanos = maxBackoff.toNanos();
    this.requestTimeoutNanos = requestTimeout.toNanos();
    this.clock = clock;
    this.random = random;
  }

  /** The pause after failed attempt {@code attempt} (from 1), jitter applied. */
  long backoffNanos(int attempt) {
    long bound = initialBackoffNanos;
    for (int i = 1; i < attempt && bound < maxBackoffNanos; i++) {
      bound *= 2;
    }
    bound = Math.min(bound, maxBackoffNanos);
    long half = bound / 2;
    return half + random.applyAsLong(bound - half + 1);
  }

  /**
   * Runs {@code attempt} until it succeeds, fails permanently, or the attempts or the deadline
   * run out.
   *
   * @param what the operation and object, for messages ({@code "PUT s3://bucket/key"})
   */
  <T> T call(String what, Duration deadline, Classifier classifier, Attempt<T> attempt) throws ObjectStoreException {
    long deadlineNanos = deadline.toNanos();
    Budget budget = new Budget(clock.nanoTime());
    while (true) {
      long now = clock.nanoTime();
      long left = budget.start + deadlineNanos - now;
      budget.attempt++;
      budget.timeout = Math.max(1, Math.min(requestTimeoutNanos, left));
      ObjectStoreException failure;
      try {
        return attempt.run(budget);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ObjectStoreException(what + ": interrupted", false, e);
      } catch (Exception e) {
        failure = classifier.classify(e, budget.timeout);
      }
      if (!failure.retryable()) {
        throw failure;
      }
      if (budget.attempt >= maxAttempts) {
        throw givenUp(failure, budget, now, "");
      }
      long pause = backoffNanos(budget.attempt);
      now = clock.nanoTime();
      if (now + pause >= budget.start + deadlineNanos) {
        throw givenUp(failure, budget, now, ": the next would start past the deadline of " + format(deadlineNanos));
      }
      try {
        clock.sleepNanos(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ObjectStoreException interrupted = new ObjectStoreException(what + ": interrupted while waiting to retry", false, e);
        interrupted.addSuppressed(failure);
        throw interrupted;
      }
    }
  }

  private ObjectStoreException givenUp(ObjectStoreException last, Budget budget, long now, String why) {
    String message = last.getMessage() + " (gave up after " + budget.attempt + (budget.attempt == 1 ? " attempt" : " attempts")
        + " in " + format(now - budget.start) + why + ")";
    ObjectStoreException e = new ObjectStoreException(message, true, last.getCause());
    e.setStackTrace(last.getStackTrace());
    return e;
  }

  private static String format(long nanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    return millis < 1000 ? millis + " ms" : String.format("%.1f s", millis / 1000.0);
  }

  /** The state of one call; touched only by the calling thread. */
  private final class Budget implements Attempt.Context {
    long start;
    int attempt;
    long timeout;

    Budget(long start) {
      this.start = start;
    }

    @Override
    public long timeoutNanos() {
      return timeout;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public void progress() {
      start = clock.nanoTime();
      attempt = 0;
    }
  }
}
