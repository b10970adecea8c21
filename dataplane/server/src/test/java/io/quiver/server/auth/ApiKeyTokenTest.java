package io.quiver.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyTokenTest {

  static final String SECRET = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_xyz01";

  @Test
  void parsesIdAndSecret() {
    ApiKeyToken t = ApiKeyToken.parse("qk_k1abc_" + SECRET).orElseThrow();
    assertThat(t.keyId()).isEqualTo("k1abc");
    assertThat(t.secret()).isEqualTo(SECRET);
  }

  @Test
  void theSecretMayContainUnderscoresTheIdMayNot() {
    ApiKeyToken t = ApiKeyToken.parse("qk_id_" + "a_b_" + SECRET).orElseThrow();
    assertThat(t.keyId()).isEqualTo("id");
    assertThat(t.secret()).isEqualTo("a_b_" + SECRET);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "qk_", "qk__" + SECRET, "QK_id_" + SECRET, "xk_id_" + SECRET, "qk_id", "qk_id_short",
      "qk_id-x_" + SECRET, "qk_id_" + SECRET + "!", "qk_id_" + SECRET + "=", "root:Milvus", "qk_id_" + SECRET + " "})
  void rejectsAnythingElse(String token) {
    assertThat(ApiKeyToken.parse(token)).isEmpty();
  }

  @Test
  void rejectsOverlongIdsAndSecrets() {
    assertThat(ApiKeyToken.parse("qk_" + "a".repeat(65) + "_" + SECRET)).isEmpty();
    assertThat(ApiKeyToken.parse("qk_" + "a".repeat(64) + "_" + SECRET)).isPresent();
    assertThat(ApiKeyToken.parse("qk_id_" + "a".repeat(257))).isEmpty();
    assertThat(ApiKeyToken.parse("qk_id_" + "a".repeat(32))).isPresent();
    assertThat(ApiKeyToken.parse("qk_id_" + "a".repeat(31))).isEmpty();
  }

  @Test
  void toStringHidesTheSecret() {
    assertThat(ApiKeyToken.parse("qk_k1_" + SECRET).orElseThrow().toString()).isEqualTo("qk_k1_***").doesNotContain(SECRET);
  }
}
