package io.quiver.storage.crypto;

import java.util.Map;
import javax.crypto.AEADBadTagException;

/**
 * Key-encryption keys (KEKs) by reference: which version is current, and wrapping and unwrapping
 * data keys under a version. Implementations: {@link FileKeyProvider} and {@link MapKeyProvider}
 * hold the material and wrap locally ({@link MaterialKeyProvider}); {@link KmsKeyProvider} asks
 * an external KMS through a {@link KmsClient}; {@link #routing} combines them by scheme.
 *
 * <p>Revocation: a provider learns of a key's state by polling its source at an interval of at
 * most 60 s (or at once, on {@link #refresh()}). From the poll that sees a key revoked, every
 * call for it throws {@link KeyRevokedException} (non-retryable) and listeners are told, so that
 * caches of unwrapped data keys are dropped; a later poll that sees it granted again restores
 * access. Where the source cannot be read, calls throw {@link KeyUnavailableException}
 * (retryable): the provider fails closed rather than serve a key whose revocation it cannot
 * see. Staleness is therefore bounded by the poll interval plus the time one poll takes (bound a
 * KMS client's calls with timeouts), and calls already past their check complete.
 *
 * <p>Versions are positive integers; new data keys are wrapped under {@link #currentVersion};
 * older versions stay usable for unwrapping until they are retired (removed from the source).
 *
 * <p>Thread safety: implementations are thread-safe. Material is never logged, nor put in
 * exception messages.
 */
public interface KeyProvider extends AutoCloseable {

  /**
   * The version that wraps new data keys.
   *
   * @throws KeyRevokedException if the key is revoked
   * @throws KeyUnavailableException if its source cannot be read
   */
  int currentVersion(KeyRef ref);

  /**
   * Wraps {@code dataKey} under version {@code version} of {@code ref}, authenticating {@code
   * aad} with it. The result is opaque and not secret.
   *
   * @throws KeyRevokedException if the key is revoked or the version is not available
   */
  byte[] wrap(KeyRef ref, int version, byte[] dataKey, byte[] aad);

  /**
   * Unwraps what {@link #wrap} returned, given the same version and AAD.
   *
   * @return the data key; the caller closes it
   * @throws AEADBadTagException if {@code wrapped} or {@code aad} was changed, or the version's
   *     material is not the one that wrapped it
   * @throws KeyRevokedException if the key is revoked or the version is not available
   */
  KeyMaterial unwrap(KeyRef ref, int version, byte[] wrapped, byte[] aad) throws AEADBadTagException;

  /**
   * Registers {@code listener} for changes of key state, called on the thread that notices them
   * (the poller, or a {@link #refresh()} caller), after the new state is in effect.
   *
   * @return closing it unregisters the listener
   */
  Subscription subscribe(KeyListener listener);

  /** Re-reads the source of every key asked for so far, now; e.g. after a Secret watch event. */
  void refresh();

  /** Stops polling and wipes the material held. */
  @Override
  void close();

  /** Told when a key's state changes. */
  @FunctionalInterface
  interface KeyListener {
    /**
     * @param accessible false when the key became revoked or unavailable, true when it is usable
     *     (granted again, or its versions changed)
     */
    void keyChanged(KeyRef ref, boolean accessible);
  }

  /** A listener registration; {@link #close()} unregisters it. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A provider that hands each reference to the provider registered for its scheme; closing it
   * closes them all.
   */
  static KeyProvider routing(Map<String, ? extends KeyProvider> byScheme) {
    return new RoutingKeyProvider(byScheme);
  }
}
