package io.quiver.operator.encryptionkey.model;

import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKey;
import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKeySpec;
import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKeyStatus;
import io.quiver.crd.v1alpha1.encryptionkey.KeyPhase;
import io.quiver.crd.v1alpha1.encryptionkey.KeyScopeType;
import io.quiver.operator.dataplane.KeyMaterial;
import io.quiver.operator.dataplane.KeyScopeRef;
import io.quiver.operator.dataplane.KeyState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Desired state of an EncryptionKey in data-plane terms: the scope it protects, the key material from
 * its Secret, and what to do next with the data plane's key (rotate, revoke, restore). Pure.
 */
public final class EncryptionKeyModel {

  private EncryptionKeyModel() {}

  /** Size of a key-encryption key in bytes (AES-256). */
  public static final int KEY_BYTES = 32;
  /** Key of the material in a key Secret, unless secretRef names another. */
  public static final String DEFAULT_SECRET_KEY = "key";

  /** What to do with the data plane's key of an existing scope. */
  public enum Action {
    /** Nothing. */
    NONE,
    /** Install a new version (rotateNow changed, or the schedule's period passed). */
    ROTATE,
    /** Revoke every version (spec.revoked became true). */
    REVOKE,
    /** Restore a revoked key (spec.revoked became false). */
    RESTORE
  }

  /** The scope the key protects. */
  public static KeyScopeRef scope(EncryptionKey key) {
    var scope = key.getSpec().getScope();
    return new KeyScopeRef(scope.getTenant(), scope.getType() == KeyScopeType.Database ? scope.getDatabase() : null);
  }

  /**
   * The 256-bit key in a Secret value: 32 raw bytes, or their base64 text.
   *
   * @throws IllegalArgumentException with a message that never shows the value
   */
  public static KeyMaterial.Raw rawKey(byte[] secretValue) {
    if (secretValue.length == KEY_BYTES) {
      return new KeyMaterial.Raw(secretValue.clone());
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(new String(secretValue, StandardCharsets.US_ASCII).trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key must be 256 bits (32 bytes, or their base64 text); it has "
          + secretValue.length + " bytes and is not base64");
    }
    if (decoded.length != KEY_BYTES) {
      throw new IllegalArgumentException("the key must be 256 bits (32 bytes, or their base64 text); it has "
          + decoded.length + " bytes after base64 decoding");
    }
    return new KeyMaterial.Raw(decoded);
  }

  /**
   * The rotation period of a schedule such as {@code 90d} or {@code 12h}, or null for none.
   *
   * @throws IllegalArgumentException if the schedule is malformed (the CRD pattern prevents it)
   */
  public static Duration period(String schedule) {
    if (schedule == null || schedule.isBlank()) {
      return null;
    }
    long n = Long.parseLong(schedule.substring(0, schedule.length() - 1));
    return switch (schedule.charAt(schedule.length() - 1)) {
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("rotation schedule " + schedule + " is not <n>h or <n>d");
    };
  }

  /**
   * What to do with the data plane's key {@code actual} of an EncryptionKey whose status is
   * {@code status}, at {@code now}. A version the data plane has but the status does not record yet (a
   * rotation whose status write failed) is recorded first, never rotated again.
   */
  public static Action action(EncryptionKeySpec spec, EncryptionKeyStatus status, KeyState actual, Instant now) {
    boolean revoke = Boolean.TRUE.equals(spec.getRevoked());
    if (revoke && !actual.revoked()) {
      return Action.REVOKE;
    }
    if (!revoke && actual.revoked()) {
      return Action.RESTORE;
    }
    if (revoke) {
      return Action.NONE;
    }
    Integer recorded = status == null ? null : status.getActiveVersion();
    if (recorded == null || actual.activeVersion() != recorded) {
      return Action.NONE;
    }
    String rotateNow = spec.getRotation() == null ? null : spec.getRotation().getRotateNow();
    if (rotateNow != null && !rotateNow.equals(status.getLastRotateNow())) {
      return Action.ROTATE;
    }
    Duration period = period(spec.getRotation() == null ? null : spec.getRotation().getSchedule());
    if (period != null && status.getLastRotationTime() != null
        && !Instant.parse(status.getLastRotationTime()).plus(period).isAfter(now)) {
      return Action.ROTATE;
    }
    return Action.NONE;
  }

  /**
   * The status fields (all but conditions and observedGeneration) for the data plane's key
   * {@code actual}; a version newer than the recorded one stamps the rotation time and the rotateNow
   * value acted on.
   */
  public static EncryptionKeyStatus status(EncryptionKeySpec spec, EncryptionKeyStatus previous, KeyState actual,
      Instant now) {
    EncryptionKeyStatus s = new EncryptionKeyStatus();
    s.setActiveVersion(actual.activeVersion());
    s.setSegmentsRewrapped(actual.dataKeysRewrapped());
    s.setSegmentsTotal(actual.dataKeysTotal());
    s.setPhase(actual.revoked() ? KeyPhase.Revoked
        : actual.dataKeysRewrapped() < actual.dataKeysTotal() ? KeyPhase.Rotating : KeyPhase.Reachable);
    Integer recorded = previous == null ? null : previous.getActiveVersion();
    if (recorded == null || actual.activeVersion() != recorded) {
      s.setLastRotationTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
      s.setLastRotateNow(spec.getRotation() == null ? null : spec.getRotation().getRotateNow());
    } else {
      s.setLastRotationTime(previous.getLastRotationTime());
      s.setLastRotateNow(previous.getLastRotateNow());
    }
    return s;
  }
}
