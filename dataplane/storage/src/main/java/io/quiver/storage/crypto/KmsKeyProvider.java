package io.quiver.storage.crypto;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;

/**
 * KEKs held by external KMSes, for {@code kms:provider/keyId} references: adapts {@link
 * KmsClient}s (one per provider name) to {@link KeyProvider}.
 *
 * <p>Every poll asks each key's {@link KmsClient#status}: disabled or access denied means
 * revoked, an I/O error means unavailable (fail closed, retryable). Wrapping and unwrapping are
 * KMS calls, so callers cache unwrapped data keys ({@link EnvelopeCipher} does); those caches
 * are dropped when a poll sees the key revoked, and a KMS refusal during a call is a {@link
 * KeyRevokedException} at once.
 *
 * <p>Versions: the KMS picks the version that encrypts (its primary) and its ciphertext names
 * it, so the version passed to {@link #wrap} and {@link #unwrap} is a label: the primary version
 * this provider last saw, recorded in the envelope header and bound into the AAD. Rotation in the
 * KMS shows up as a new primary version at the next poll, and re-wrapping re-encrypts under it.
 *
 * <p>Thread safety: thread-safe.
 */
public final class KmsKeyProvider extends PollingKeyProvider {

  private final Map<String, KmsClient> clients;

  /**
   * @param clients one per provider name ({@link KmsClient#name()})
   * @param pollInterval how often key status is asked; more than 0 and at most 60 s
   */
  public KmsKeyProvider(Collection<? extends KmsClient> clients, Duration pollInterval) {
    super(KeyRef.KMS, pollInterval);
    Map<String, KmsClient> byName = new HashMap<>();
    for (KmsClient client : clients) {
      if (byName.put(client.name(), client) != null) {
        throw new IllegalArgumentException("two KMS clients are named '" + client.name() + "'");
      }
    }
    this.clients = Map.copyOf(byName);
  }

  private KmsClient client(KeyRef ref) {
    KmsClient client = clients.get(ref.kmsProvider());
    if (client == null) {
      throw new KeyUnavailableException(
          ref, "no KMS client for provider '" + ref.kmsProvider() + "' (configured: " + clients.keySet() + ")");
    }
    return client;
  }

  @Override
  KeyState load(KeyRef ref) {
    KmsClient client = clients.get(ref.kmsProvider());
    if (client == null) {
      return new KeyState.Unavailable("no KMS client for provider '" + ref.kmsProvider() + "'");
    }
    try {
      KmsClient.KeyStatus status = client.status(ref.kmsKeyId());
      if (!status.enabled()) {
        return new KeyState.Revoked("the KMS reports the key disabled");
      }
      if (status.primaryVersion() < 1) {
        return new KeyState.Unavailable("the KMS reported primary version " + status.primaryVersion());
      }
      return new KeyState.Available(status.primaryVersion(), new TreeMap<>());
    } catch (KmsAccessDeniedException e) {
      return new KeyState.Revoked("the KMS denied access: " + e.getMessage());
    } catch (IOException e) {
      return new KeyState.Unavailable("the KMS could not be reached: " + e.getMessage());
    }
  }

  @Override
  public byte[] wrap(KeyRef ref, int version, byte[] dataKey, byte[] aad) {
    available(ref);
    try {
      return client(ref).encrypt(ref.kmsKeyId(), dataKey, aad);
    } catch (KmsAccessDeniedException e) {
      throw new KeyRevokedException(ref, "the KMS denied access: " + e.getMessage());
    } catch (IOException e) {
      throw new KeyUnavailableException(ref, "the KMS could not be reached: " + e.getMessage(), e);
    }
  }

  @Override
  public KeyMaterial unwrap(KeyRef ref, int version, byte[] wrapped, byte[] aad) throws AEADBadTagException {
    available(ref);
    try {
      return KeyMaterial.adopt(client(ref).decrypt(ref.kmsKeyId(), wrapped, aad));
    } catch (KmsAccessDeniedException e) {
      throw new KeyRevokedException(ref, "the KMS denied access: " + e.getMessage());
    } catch (IOException e) {
      throw new KeyUnavailableException(ref, "the KMS could not be reached: " + e.getMessage(), e);
    }
  }
}
