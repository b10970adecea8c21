package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioAsyncClient;
import io.minio.RemoveBucketArgs;
import io.quiver.testkit.s3.S3Extension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures that retrying cannot fix: refused credentials, missing buckets. */
class S3PermanentErrorsIT {

  @RegisterExtension
  static final S3Extension s3 = S3Extension.create();

  private static S3Config config(String bucket) {
    return S3Config.of(s3.endpoint(), bucket, s3.accessKey(), s3.secretKey()).withRegion(s3.region());
  }

  private static String fullTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString() + " " + e;
  }

  @Test
  void aWrongSecretKeyFailsAtOnceWithoutRetryingAndTheMessageHoldsNoCredentials() throws Exception {
    S3ObjectStore.open(config("creds").withCreateBucketIfMissing(true)).close();
    String secret = "wrong-secret-5f3a9c71";
    S3Config wrong = config("creds").withCredentials(s3.accessKey(), secret).withDeadline(Duration.ofSeconds(60));

    long start = System.nanoTime();
    assertThatThrownBy(() -> S3ObjectStore.open(wrong))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("s3://creds")
        .hasMessageContaining("refused the credentials")
        .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isFalse())
        .satisfies(e -> assertThat(fullTrace(e)).doesNotContain(secret).doesNotContain(s3.secretKey()));
    // a 60 s deadline: failing well within it shows the refusal was not retried until the deadline
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void anUnknownAccessKeyFailsAtOnceAndIsNotShown() throws Exception {
    String accessKey = "AKIAUNKNOWN0042";
    S3Config wrong = config("creds2").withCredentials(accessKey, "some-secret-7d1e").withCreateBucketIfMissing(true);
    assertThatThrownBy(() -> S3ObjectStore.open(wrong))
        .isInstanceOf(ObjectStoreException.class)
        .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isFalse())
        .satisfies(e -> assertThat(fullTrace(e)).doesNotContain(accessKey).doesNotContain("some-secret-7d1e"));
    assertThat(wrong.toString()).doesNotContain(accessKey).doesNotContain("some-secret-7d1e");
  }

  @Test
  void aMissingBucketFailsClearlyUnlessTheStoreMayCreateIt() throws Exception {
    assertThatThrownBy(() -> S3ObjectStore.open(config("no-such-bucket")))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("the bucket 'no-such-bucket' does not exist at " + s3.endpoint())
        .hasMessageContaining("createBucketIfMissing")
        .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isFalse());

    try (S3ObjectStore store = S3ObjectStore.open(config("no-such-bucket").withCreateBucketIfMissing(true))) {
      store.put("k", "v".getBytes(StandardCharsets.UTF_8));
    }
    try (S3ObjectStore again = S3ObjectStore.open(config("no-such-bucket").withCreateBucketIfMissing(true))) {
      assertThat(again.get("k")).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aBucketRemovedUnderAnOpenStoreGivesANonRetryableErrorNamingIt() throws Exception {
    MinioAsyncClient minio = MinioAsyncClient.builder().endpoint(s3.endpoint())
        .credentials(s3.accessKey(), s3.secretKey()).region(s3.region()).build();
    try (S3ObjectStore store = S3ObjectStore.open(config("doomed").withCreateBucketIfMissing(true))) {
      minio.removeBucket(RemoveBucketArgs.builder().bucket("doomed").build()).get();
      assertThatThrownBy(() -> store.put("k", new byte[] {1}))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("PUT s3://doomed/k")
          .hasMessageContaining("the bucket 'doomed' does not exist")
          .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isFalse());
    } finally {
      minio.close();
    }
  }
}
