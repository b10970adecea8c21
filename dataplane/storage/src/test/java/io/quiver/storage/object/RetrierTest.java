package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class RetrierTest {

  /** A clock that moves only when someone sleeps or an attempt says it took time. */
  static final class FakeClock implements Retrier.Clock {
    long now = 1_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      sleeps.add(nanos);
      now += nanos;
    }

    void advance(Duration d) {
      now += d.toNanos();
    }
  }

  private final FakeClock clock = new FakeClock();

  private Retrier retrier(int maxAttempts, LongUnaryOperator random) {
    return new Retrier(maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), clock, random);
  }

  private static final Retrier.Classifier CLASSIFY = (failure, timeout) -> failure instanceof ObjectStoreException e
      ? e : new ObjectStoreException("PUT s3://b/k: " + failure.getMessage(), failure instanceof IOException, failure);

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  @Test
  void retriesTransientFailuresUntilOneSucceeds() throws Exception {
    int[] attempts = {0};
    String result = retrier(8, b -> 0).call("PUT s3://b/k", Duration.ofSeconds(60), CLASSIFY, ctx -> {
      if (++attempts[0] < 3) {
        throw new IOException("connection reset");
      }
      return "ok";
    });
    assertThat(result).isEqualTo("ok");
    assertThat(attempts[0]).isEqualTo(3);
    assertThat(clock.sleeps).hasSize(2);
  }

  @Test
  void backoffDoublesUpToTheMaximumWithJitterBetweenHalfAndAll() {
    Retrier low = retrier(8, bound -> 0);
    Retrier high = retrier(8, bound -> bound - 1);
    long[] bounds = {100, 200, 400, 800, 1000, 1000, 1000};
    for (int attempt = 1; attempt <= bounds.length; attempt++) {
      assertThat(ms(low.backoffNanos(attempt))).as("lowest after attempt %d", attempt).isEqualTo(bounds[attempt - 1] / 2);
      assertThat(ms(high.backoffNanos(attempt))).as("highest after attempt %d", attempt).isEqualTo(bounds[attempt - 1]);
    }
    assertThat(ms(low.backoffNanos(1000))).isEqualTo(500);
  }

  @Test
  void givesUpAfterTheLastAttemptWithARetryableExceptionThatSaysSo() {
    int[] attempts = {0};
    IOException last = new IOException("connection refused");
    assertThatThrownBy(() -> retrier(3, b -> 0).call("PUT s3://b/k", Duration.ofSeconds(60), CLASSIFY, ctx -> {
      attempts[0]++;
      throw last;
    }))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageStartingWith("PUT s3://b/k: connection refused (gave up after 3 attempts in ")
        .hasCause(last)
        .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isTrue());
    assertThat(attempts[0]).isEqualTo(3);
  }

  @Test
  void givesUpWhenTheNextPauseWouldEndPastTheDeadline() {
    int[] attempts = {0};
    long start = clock.now;
    assertThatThrownBy(() -> retrier(100, b -> b - 1).call("GET s3://b/k", Duration.ofSeconds(2), CLASSIFY, ctx -> {
      attempts[0]++;
      clock.advance(Duration.ofMillis(300)); // each attempt takes 300 ms to fail
      throw new IOException("timeout");
    }))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("past the deadline of 2.0 s")
        .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isTrue());
    // 300 + 100 + 300 + 200 + 300 + 400 + 300 = 1900 ms, and the next pause (800 ms) would pass 2 s
    assertThat(attempts[0]).isEqualTo(4);
    assertThat(ms(clock.now - start)).isEqualTo(1900);
  }

  @Test
  void eachAttemptMayTakeTheRequestTimeoutOrWhatIsLeftOfTheDeadline() throws Exception {
    List<Long> timeouts = new ArrayList<>();
    int[] attempts = {0};
    retrier(10, b -> 0).call("GET s3://b/k", Duration.ofSeconds(8), CLASSIFY, ctx -> {
      timeouts.add(ms(ctx.timeoutNanos()));
      clock.advance(Duration.ofMillis(ctx.timeoutNanos() / 1_000_000));
      if (++attempts[0] < 2) {
        throw new IOException("no response");
      }
      return null;
    });
    // request timeout 5 s; then 8 s - 5 s - 50 ms of backoff
    assertThat(timeouts).containsExactly(5000L, 2950L);
  }

  @Test
  void aPermanentFailureIsNotRetried() {
    int[] attempts = {0};
    assertThatThrownBy(() -> retrier(8, b -> 0).call("GET s3://b/k", Duration.ofSeconds(60), CLASSIFY, ctx -> {
      attempts[0]++;
      throw new ObjectNotFoundException("k", "GET s3://b/k: no such object");
    })).isInstanceOf(ObjectNotFoundException.class).hasMessage("GET s3://b/k: no such object");
    assertThat(attempts[0]).isEqualTo(1);
    assertThat(clock.sleeps).isEmpty();
  }

  @Test
  void progressStartsTheBudgetOver() throws Exception {
    int[] attempts = {0};
    String result = retrier(3, b -> 0).call("DOWNLOAD s3://b/k", Duration.ofSeconds(2), CLASSIFY, ctx -> {
      attempts[0]++;
      clock.advance(Duration.ofMillis(1500));
      ctx.progress();
      if (attempts[0] < 10) {
        throw new IOException("connection reset after some bytes");
      }
      return "done";
    });
    assertThat(result).isEqualTo("done");
    assertThat(attempts[0]).isEqualTo(10);
  }

  @Test
  void anInterruptedAttemptIsNotRetriedAndKeepsTheInterruptFlag() {
    try {
      assertThatThrownBy(() -> retrier(8, b -> 0).call("PUT s3://b/k", Duration.ofSeconds(60), CLASSIFY, ctx -> {
        throw new InterruptedException();
      }))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("interrupted")
          .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isFalse());
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
