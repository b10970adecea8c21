package io.quiver.storage.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.QuiverException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRefTest {

  @Test
  void parsesTheThreeFormsAndNormalisesSecrets() {
    assertThat(KeyRef.parse("file:/etc/quiver/keys/db1")).isEqualTo(new KeyRef("file", "/etc/quiver/keys/db1"));
    assertThat(KeyRef.parse("secret:tenant-a/db1-key")).hasToString("secret:tenant-a/db1-key#key");
    assertThat(KeyRef.parse("secret:tenant-a/db1-key#kek.v2")).hasToString("secret:tenant-a/db1-key#kek.v2");
    KeyRef kms = KeyRef.parse("kms:gcp/projects/p/locations/l/keyRings/r/cryptoKeys/k");
    assertThat(kms.kmsProvider()).isEqualTo("gcp");
    assertThat(kms.kmsKeyId()).isEqualTo("projects/p/locations/l/keyRings/r/cryptoKeys/k");
    assertThat(KeyRef.parse(kms.toString())).isEqualTo(kms);
    assertThat(KeyRef.parse("vault:transit/db1").scheme()).isEqualTo("vault");
  }

  @Test
  void rejectsMalformedReferencesWithoutEchoingSchemelessValues() {
    assertThatThrownBy(() -> KeyRef.parse("file:relative/path")).isInstanceOf(QuiverException.class)
        .hasMessageContaining("absolute path");
    assertThatThrownBy(() -> KeyRef.parse("file:/keys/../etc/shadow")).hasMessageContaining("'..'");
    assertThatThrownBy(() -> KeyRef.parse("secret:Bad_NS/name")).hasMessageContaining("secret:namespace/name#key");
    assertThatThrownBy(() -> KeyRef.parse("secret:ns")).hasMessageContaining("secret:namespace/name#key");
    assertThatThrownBy(() -> KeyRef.parse("kms:aws")).hasMessageContaining("kms:provider/keyId");
    assertThatThrownBy(() -> KeyRef.parse("kms:aws/")).hasMessageContaining("kms:provider/keyId");
    assertThatThrownBy(() -> KeyRef.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> KeyRef.parse("file:/a b")).hasMessageContaining("whitespace");
    String pasted = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8M=";
    assertThatThrownBy(() -> KeyRef.parse(pasted))
        .hasMessageContaining("without a scheme")
        .hasMessageNotContaining(pasted)
        .hasMessageNotContaining(pasted.substring(0, 10));
  }

  @Test
  void databasePropertiesSelectTheKey() {
    Map<String, Map<String, String>> props = Map.of(
        "db1", Map.of(KeySelector.PROPERTY, "secret:t/db1-key"),
        "db2", Map.of());
    KeySelector selector = KeySelector.fromProperties(db -> props.getOrDefault(db, Map.of()));
    assertThat(selector.keyRef("db1")).hasToString("secret:t/db1-key#key");
    assertThat(selector.accepts("db1", KeyRef.parse("secret:t/db1-key#key"))).isTrue();
    assertThat(selector.accepts("db1", KeyRef.parse("secret:t/db2-key#key"))).isFalse();
    assertThatThrownBy(() -> selector.keyRef("db2"))
        .hasMessage("database 'db2' has no encryption key (database property database.encryption.key)");
    assertThat(KeySelector.keyRefOf(Map.of())).isEmpty();
    assertThatThrownBy(() -> KeySelector.keyRefOf(Map.of(KeySelector.PROPERTY, "nonsense")))
        .isInstanceOf(QuiverException.class);
  }
}
