package io.quiver.control.apikey;

import java.util.function.UnaryOperator;

/**
 * Where the key registry is kept durably: {@link FileApiKeyStore} without a cluster,
 * {@link io.quiver.control.k8s.SecretApiKeyStore} in the control namespace with one.
 *
 * <p>Implementations are thread-safe and linearizable: {@link #update} applies its function to
 * the latest stored registry and stores the result with the revision one higher, or fails without
 * storing anything.
 */
public interface ApiKeyStore {

  /** The stored registry ({@link KeyRegistry#empty()} before the first update). */
  KeyRegistry read();

  /**
   * Replaces the registry by {@code change} applied to the stored one, with the revision bumped.
   * {@code change} may run more than once (on a concurrent write) and must have no side effects.
   *
   * @return the registry as stored
   */
  KeyRegistry update(UnaryOperator<KeyRegistry> change);
}
