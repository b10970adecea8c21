package io.quiver.operator.encryptionkey.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKey;
import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKeyStatus;
import io.quiver.crd.v1alpha1.encryptionkey.KeyPhase;
import io.quiver.crd.v1alpha1.encryptionkey.RotationSpec;
import io.quiver.operator.Samples;
import io.quiver.operator.dataplane.KeyScopeRef;
import io.quiver.operator.dataplane.KeyState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EncryptionKeyModelTest {

  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final KeyScopeRef ACME = new KeyScopeRef("acme", null);

  private static EncryptionKeyStatus recorded(int version, String rotatedAt, String rotateNow) {
    EncryptionKeyStatus s = new EncryptionKeyStatus();
    s.setActiveVersion(version);
    s.setLastRotationTime(rotatedAt);
    s.setLastRotateNow(rotateNow);
    return s;
  }

  @Test
  void theScopeIsTheTenantOrOneOfItsDatabases() {
    assertThat(EncryptionKeyModel.scope(Samples.load("encryptionkey.yaml", EncryptionKey.class))).isEqualTo(ACME);
    assertThat(EncryptionKeyModel.scope(Samples.load("encryptionkey-kms.yaml", EncryptionKey.class)))
        .isEqualTo(new KeyScopeRef("acme", "shop"));
  }

  @Test
  void aKeyIs32RawBytesOrTheirBase64AndAMessageNeverShowsIt() {
    byte[] raw = new byte[32];
    raw[0] = 7;
    assertThat(EncryptionKeyModel.rawKey(raw).key()).isEqualTo(raw);
    assertThat(EncryptionKeyModel.rawKey(Base64.getEncoder().encode(raw)).key()).isEqualTo(raw);
    assertThat(EncryptionKeyModel.rawKey(raw).toString()).isEqualTo("Raw[32 bytes]");
    assertThatThrownBy(() -> EncryptionKeyModel.rawKey("short secret".getBytes(StandardCharsets.US_ASCII)))
        .hasMessage("the key must be 256 bits (32 bytes, or their base64 text); it has 12 bytes and is not base64");
    assertThatThrownBy(() -> EncryptionKeyModel.rawKey(Base64.getEncoder().encode(new byte[16])))
        .hasMessage("the key must be 256 bits (32 bytes, or their base64 text); it has 16 bytes after base64 decoding");
  }

  @Test
  void schedulesAreHoursOrDays() {
    assertThat(EncryptionKeyModel.period("90d")).isEqualTo(Duration.ofDays(90));
    assertThat(EncryptionKeyModel.period("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(EncryptionKeyModel.period(null)).isNull();
  }

  @Test
  void revokedFollowsTheSpecAndRotationFollowsRotateNowAndTheSchedule() {
    EncryptionKey key = Samples.load("encryptionkey.yaml", EncryptionKey.class);
    KeyState active = new KeyState(ACME, 3, 10, 10, false);
    EncryptionKeyStatus fresh = recorded(3, NOW.minus(Duration.ofDays(1)).toString(), null);
    assertThat(EncryptionKeyModel.action(key.getSpec(), fresh, active, NOW)).isEqualTo(EncryptionKeyModel.Action.NONE);

    EncryptionKeyStatus old = recorded(3, NOW.minus(Duration.ofDays(90)).toString(), null);
    assertThat(EncryptionKeyModel.action(key.getSpec(), old, active, NOW)).isEqualTo(EncryptionKeyModel.Action.ROTATE);

    key.getSpec().getRotation().setRotateNow("2026-03-01");
    assertThat(EncryptionKeyModel.action(key.getSpec(), fresh, active, NOW)).isEqualTo(EncryptionKeyModel.Action.ROTATE);
    assertThat(EncryptionKeyModel.action(key.getSpec(), recorded(3, fresh.getLastRotationTime(), "2026-03-01"), active, NOW))
        .isEqualTo(EncryptionKeyModel.Action.NONE);

    key.getSpec().setRevoked(true);
    assertThat(EncryptionKeyModel.action(key.getSpec(), fresh, active, NOW)).isEqualTo(EncryptionKeyModel.Action.REVOKE);
    assertThat(EncryptionKeyModel.action(key.getSpec(), fresh, new KeyState(ACME, 3, 10, 10, true), NOW))
        .isEqualTo(EncryptionKeyModel.Action.NONE);
    key.getSpec().setRevoked(false);
    assertThat(EncryptionKeyModel.action(key.getSpec(), fresh, new KeyState(ACME, 3, 10, 10, true), NOW))
        .isEqualTo(EncryptionKeyModel.Action.RESTORE);
  }

  @Test
  void aVersionTheStatusDoesNotRecordYetIsRecordedNotRotatedAgain() {
    EncryptionKey key = Samples.load("encryptionkey.yaml", EncryptionKey.class);
    key.getSpec().setRotation(new RotationSpec());
    key.getSpec().getRotation().setRotateNow("again");
    KeyState rotated = new KeyState(ACME, 4, 2, 10, false);
    EncryptionKeyStatus previous = recorded(3, NOW.minus(Duration.ofDays(1)).toString(), "before");
    assertThat(EncryptionKeyModel.action(key.getSpec(), previous, rotated, NOW)).isEqualTo(EncryptionKeyModel.Action.NONE);

    EncryptionKeyStatus next = EncryptionKeyModel.status(key.getSpec(), previous, rotated, NOW);
    assertThat(next.getActiveVersion()).isEqualTo(4);
    assertThat(next.getPhase()).isEqualTo(KeyPhase.Rotating);
    assertThat(next.getLastRotationTime()).isEqualTo("2026-03-01T00:00:00Z");
    assertThat(next.getLastRotateNow()).isEqualTo("again");
    assertThat(EncryptionKeyModel.action(key.getSpec(), next, rotated, NOW)).isEqualTo(EncryptionKeyModel.Action.NONE);
  }
}
