package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class S3ConfigTest {

  private static S3Config base() {
    return S3Config.of("http://127.0.0.1:9000", "quiver-data", "AKIAEXAMPLE", "s3cr3t-value");
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    S3Config c = base();
    assertThat(c.region()).isEqualTo("us-east-1");
    assertThat(c.pathPrefix()).isEmpty();
    assertThat(c.partSizeBytes()).isEqualTo(16L << 20);
    assertThat(c.maxAttempts()).isEqualTo(8);
    assertThat(c.initialBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.deadline()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.createBucketIfMissing()).isFalse();
    assertThat(c.location()).isEqualTo("s3://quiver-data");
  }

  @Test
  void pathPrefixLosesLeadingAndTrailingSlashes() {
    assertThat(base().withPathPrefix("/clusters/c1/").pathPrefix()).isEqualTo("clusters/c1");
    assertThat(base().withPathPrefix("/").pathPrefix()).isEmpty();
    assertThat(base().withPathPrefix(null).pathPrefix()).isEmpty();
    assertThat(base().withPathPrefix("clusters/c1").location()).isEqualTo("s3://quiver-data/clusters/c1");
    assertThatThrownBy(() -> base().withPathPrefix("a/../b")).hasMessageContaining("pathPrefix");
  }

  @Test
  void endpointMustBeAnHttpUrlWithoutPathAndIsNotEchoedWhenItHoldsUserInfo() {
    assertThat(base().endpoint()).isEqualTo("http://127.0.0.1:9000");
    assertThat(S3Config.of("https://s3.eu-west-1.amazonaws.com/", "b-1", "a", "s").endpoint())
        .isEqualTo("https://s3.eu-west-1.amazonaws.com");
    assertThatThrownBy(() -> S3Config.of("s3.amazonaws.com", "b-1", "a", "s")).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> S3Config.of("ftp://host", "b-1", "a", "s")).hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> S3Config.of("http://host:9000/bucket", "b-1", "a", "s")).hasMessageContaining("pathPrefix");
    assertThatThrownBy(() -> S3Config.of("http://user:pa55word@host", "b-1", "a", "s"))
        .hasMessageContaining("user information")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55word"));
    assertThatThrownBy(() -> S3Config.of(" ", "b-1", "a", "s")).hasMessageContaining("endpoint must be set");
  }

  @Test
  void badValuesAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> S3Config.of("http://h", "Bad_Bucket", "a", "s")).hasMessageContaining("bucket")
        .hasMessageContaining("Bad_Bucket");
    assertThatThrownBy(() -> S3Config.of("http://h", "ab", "a", "s")).hasMessageContaining("bucket");
    assertThatThrownBy(() -> S3Config.of("http://h", "b-1", "", "s")).hasMessageContaining("accessKey");
    assertThatThrownBy(() -> S3Config.of("http://h", "b-1", "a", null)).hasMessageContaining("secretKey");
    assertThatThrownBy(() -> base().withRegion("")).hasMessageContaining("region");
    assertThatThrownBy(() -> base().withPartSizeBytes(1 << 20)).hasMessageContaining("partSizeBytes")
        .hasMessageContaining("1048576");
    assertThatThrownBy(() -> base().withMaxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> base().withBackoff(Duration.ofSeconds(3), Duration.ofSeconds(2)))
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> base().withRequestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
    assertThatThrownBy(() -> base().withDeadline(null)).hasMessageContaining("deadline");
    assertThat(base().withPartSizeBytes(5L << 20).partSizeBytes()).isEqualTo(5L << 20);
  }

  @Test
  void toStringHidesTheCredentials() {
    String text = base().toString();
    assertThat(text).doesNotContain("AKIAEXAMPLE").doesNotContain("s3cr3t-value").contains("quiver-data")
        .contains("http://127.0.0.1:9000");
  }
}
