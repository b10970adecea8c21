package io.quiver.storage.crypto;

import java.security.SecureRandom;
import java.time.Duration;
import javax.crypto.AEADBadTagException;

/**
 * A provider that holds the versions of each KEK in memory ({@link FileKeyProvider}, {@link
 * MapKeyProvider}) and wraps data keys locally, as {@link KeyWrap} documents: AES-256-GCM under
 * a per-wrap key derived from the KEK version and a random salt.
 *
 * <p>Thread safety: thread-safe. The material is copied out for each use and the copy wiped
 * right after; a reload wipes only the versions that were removed or changed.
 */
public abstract sealed class MaterialKeyProvider extends PollingKeyProvider
    permits FileKeyProvider, MapKeyProvider {

  private final SecureRandom random = new SecureRandom();

  MaterialKeyProvider(String scheme, Duration pollInterval) {
    super(scheme, pollInterval);
  }

  /**
   * A copy of version {@code version} of the key; the caller closes it.
   *
   * @throws KeyRevokedException if the key is revoked or has no such version (retired)
   * @throws KeyUnavailableException if its source cannot be read
   */
  public KeyMaterial key(KeyRef ref, int version) {
    for (int attempt = 0; ; attempt++) {
      KeyState.Available state = available(ref);
      KeyMaterial material = state.material().get(version);
      if (material == null) {
        throw new KeyRevokedException(
            ref, "version " + version + " is not available (retired or never added); available: " + state.material().keySet());
      }
      try {
        return material.copy();
      } catch (IllegalStateException wipedByReload) {
        if (attempt == 2) {
          throw new KeyUnavailableException(ref, "version " + version + " kept changing while being read");
        }
      }
    }
  }

  @Override
  public byte[] wrap(KeyRef ref, int version, byte[] dataKey, byte[] aad) {
    try (KeyMaterial kek = key(ref, version)) {
      return KeyWrap.wrap(kek, dataKey, aad, random);
    }
  }

  @Override
  public KeyMaterial unwrap(KeyRef ref, int version, byte[] wrapped, byte[] aad) throws AEADBadTagException {
    try (KeyMaterial kek = key(ref, version)) {
      return KeyWrap.unwrap(kek, wrapped, aad);
    }
  }
}
