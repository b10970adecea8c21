package io.quiver.control.apikey;

import java.util.List;

/**
 * Every API key the control plane issued, with a revision that grows by one on every change (the
 * data plane ignores a registry older than the one it holds, so a revision must never go back).
 *
 * @param revision the registry revision, from 0
 * @param keys all keys, revoked ones included, in creation order
 */
public record KeyRegistry(long revision, List<StoredKey> keys) {

  public KeyRegistry {
    keys = List.copyOf(keys);
  }

  public static KeyRegistry empty() {
    return new KeyRegistry(0, List.of());
  }
}
