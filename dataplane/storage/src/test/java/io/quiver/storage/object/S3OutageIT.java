package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.testkit.s3.S3Extension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** S3 going away and coming back under a store that stays open. */
class S3OutageIT {

  private static final String BUCKET = "outage";

  @RegisterExtension
  static final S3Extension s3 = S3Extension.create();

  private static S3Config config() {
    return S3Config.of(s3.endpoint(), BUCKET, s3.accessKey(), s3.secretKey()).withRegion(s3.region())
        .withCreateBucketIfMissing(true);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Runs {@code call}, which must fail with a retryable exception naming the object, and returns how long it took. */
  private static Duration failsRetryably(ThrowingCallable call, String object) {
    long start = System.nanoTime();
    assertThatThrownBy(call)
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("s3://" + BUCKET + "/" + object)
        .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).as("retryable").isTrue())
        .satisfies(e -> System.out.println("failed as expected: " + e.getMessage()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println("  after " + took.toMillis() + " ms");
    return took;
  }

  @Test
  void duringAnOutageCallsFailRetryablyWithinTheDeadlineAndTheSameStoreWorksAfterwards() throws Exception {
    try (S3ObjectStore store = S3ObjectStore.open(config().withDeadline(Duration.ofSeconds(2)))) {
      store.put("db/before", utf8("written before"));
      s3.stop();
      try {
        List<Duration> took = List.of(
            failsRetryably(() -> store.put("db/during", utf8("x")), "db/during"),
            failsRetryably(() -> store.get("db/before"), "db/before"),
            failsRetryably(() -> store.getRange("db/before", 0, 3), "db/before"),
            failsRetryably(() -> store.stat("db/before"), "db/before"),
            failsRetryably(() -> store.list("db/"), "db/"),
            failsRetryably(() -> store.deleteAll(List.of("db/before")), "db/before"),
            failsRetryably(() -> store.scoped("db").open("before"), "db/before"));
        // generous bound for a 2 s deadline on a shared machine: no hang, no retrying for minutes
        assertThat(took).allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(10)));

        Duration shorter = failsRetryably(() -> store.withDeadline(Duration.ofMillis(300)).get("db/before"), "db/before");
        assertThat(shorter).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> store.get("db/before")).hasMessageContaining("gave up");
      } finally {
        s3.start();
      }
      // the same store object, not reopened
      store.put("db/after", utf8("written after"));
      assertThat(store.get("db/before")).isEqualTo(utf8("written before"));
      assertThat(store.get("db/after")).isEqualTo(utf8("written after"));
    }
  }

  @Test
  void aCallStartedDuringAnOutageSucceedsWhenTheServiceReturnsWithinItsDeadline() throws Exception {
    S3Config patient = config().withDeadline(Duration.ofSeconds(120)).withMaxAttempts(100)
        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
    try (S3ObjectStore store = S3ObjectStore.open(patient)) {
      store.put("k", utf8("v1"));
      s3.stop();
      CompletableFuture<Void> put;
      try {
        put = CompletableFuture.runAsync(() -> {
          try {
            store.put("k", utf8("v2"));
          } catch (ObjectStoreException e) {
            throw new IllegalStateException(e);
          }
        });
        Thread.sleep(500);
        assertThat(put).isNotDone();
      } finally {
        s3.start();
      }
      put.get();
      assertThat(store.get("k")).isEqualTo(utf8("v2"));
    }
  }
}
