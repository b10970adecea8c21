package io.quiver.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher(1_000);

  @Test
  void hashesVerifyOnlyTheirPassword() {
    String stored = hasher.hash("correct horse");
    assertThat(PasswordHasher.verify("correct horse", stored)).isTrue();
    assertThat(PasswordHasher.verify("correct horsE", stored)).isFalse();
    assertThat(PasswordHasher.verify("", stored)).isFalse();
  }

  @Test
  void eachHashHasItsOwnSaltAndRecordsSchemeAndIterations() {
    String a = hasher.hash("same password");
    String b = hasher.hash("same password");
    assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha512$1000$").doesNotContain("same password");
    assertThat(a.split("\\$")).hasSize(4);
    assertThat(PasswordHasher.verify("same password", b)).isTrue();
  }

  @Test
  void theDefaultIterationCountIsOwaspsRecommendation() {
    assertThat(new PasswordHasher().hash("x12345")).startsWith("pbkdf2-sha512$210000$");
  }

  @Test
  void malformedStoredValuesNeverMatch() {
    assertThat(PasswordHasher.verify("pw", null)).isFalse();
    assertThat(PasswordHasher.verify("pw", "")).isFalse();
    assertThat(PasswordHasher.verify("pw", "pw")).isFalse();
    assertThat(PasswordHasher.verify("pw", "md5$1$abc$def")).isFalse();
    assertThat(PasswordHasher.verify("pw", "pbkdf2-sha512$x$abc$def")).isFalse();
    assertThat(PasswordHasher.verify("pw", "pbkdf2-sha512$1000$!!$def")).isFalse();
    String stored = hasher.hash("pw");
    assertThat(PasswordHasher.verify("pw", stored.substring(0, stored.length() - 4))).isFalse();
  }
}
