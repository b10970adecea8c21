package io.quiver.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys the data plane accepts: the last good {@link ApiKeySnapshot} fetched from the
 * control plane, held in memory and checked on every request without a network call.
 *
 * <p>Fail-closed rules: before the first snapshot arrives, and whenever the last good snapshot is
 * older than {@code maxStaleness} (the control plane could not be reached for that long), every
 * API key is refused. A snapshot with a lower revision than the one in use is ignored, because it
 * could bring back keys that were revoked since.
 *
 * <p>Thread safety: {@link #update} and {@link #markAttempt} may run concurrently with any number
 * of {@link #authenticate} calls; the snapshot is published through a volatile field.
 */
public final class ApiKeyRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyRegistry.class);
  /** Compared against when the key id is unknown, so that unknown ids cost the same as known ones. */
  private static final byte[] DUMMY_HASH = Secrets.sha256("quiver-unknown-api-key");

  private record Held(ApiKeySnapshot snapshot, long fetchedAtMs) {}

  private final Duration maxStaleness;
  private final Clock clock;
  private volatile Held held;

  public ApiKeyRegistry(Duration maxStaleness, Clock clock) {
    this.maxStaleness = maxStaleness;
    this.clock = clock;
  }

  /** The outcome of checking an API key. */
  public sealed interface Result {
    /** The key is valid. */
    record Valid(ApiKey key) implements Result {}

    /**
     * The key was refused; {@code detail} says why, for the server log only (the client always
     * gets the same message, so it cannot tell an unknown key from a revoked one).
     */
    record Refused(String detail) implements Result {}
  }

  /**
   * Installs a freshly fetched snapshot. Returns false (and keeps the current one) if its
   * revision is lower than the current snapshot's.
   */
  public boolean update(ApiKeySnapshot snapshot) {
    Held current = held;
    if (current != null && snapshot.revision() < current.snapshot.revision()) {
      LOG.warn("the key registry answered revision {}, older than revision {} in use; ignored (it could undo revocations)",
          snapshot.revision(), current.snapshot.revision());
      return false;
    }
    held = new Held(snapshot, clock.millis());
    return true;
  }

  /** The snapshot in use, if any (regardless of staleness). */
  public Optional<ApiKeySnapshot> snapshot() {
    Held h = held;
    return h == null ? Optional.empty() : Optional.of(h.snapshot);
  }

  /** How long ago the snapshot in use was fetched, or empty if none was. */
  public Optional<Duration> age() {
    Held h = held;
    return h == null ? Optional.empty() : Optional.of(Duration.ofMillis(clock.millis() - h.fetchedAtMs));
  }

  /** Whether keys can be checked now (a snapshot is loaded and not older than the maximum staleness). */
  public boolean usable() {
    Held h = held;
    return h != null && clock.millis() - h.fetchedAtMs <= maxStaleness.toMillis();
  }

  /** Checks {@code token}: known id, matching secret hash (constant time), not revoked, not expired. */
  public Result authenticate(ApiKeyToken token) {
    Held h = held;
    long now = clock.millis();
    if (h == null) {
      return new Result.Refused("no key registry snapshot has been loaded yet");
    }
    if (now - h.fetchedAtMs > maxStaleness.toMillis()) {
      return new Result.Refused("the key registry snapshot is " + (now - h.fetchedAtMs) / 1000
          + " s old, more than security.api-keys.max-staleness (" + maxStaleness.toSeconds() + " s)");
    }
    ApiKey key = h.snapshot.keys().get(token.keyId());
    byte[] presented = Secrets.sha256(token.secret());
    if (key == null) {
      Secrets.constantTimeEquals(presented, DUMMY_HASH);
      return new Result.Refused("unknown key id " + token.keyId());
    }
    if (!Secrets.constantTimeEquals(presented, key.sha256Unsafe())) {
      return new Result.Refused("wrong secret for key " + key.id());
    }
    if (key.revoked()) {
      return new Result.Refused("key " + key.id() + " is revoked");
    }
    if (key.expired(now)) {
      return new Result.Refused("key " + key.id() + " expired at " + key.expiresAtMs());
    }
    return new Result.Valid(key);
  }
}
