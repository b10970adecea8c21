package io.quiver.storage.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.AEADBadTagException;

/**
 * A KMS in memory, for tests: keys with versions, enable/disable, access denial and outages.
 * Ciphertext = version (4 bytes) followed by a {@link KeyWrap} under that version.
 */
final class FakeKmsClient implements KmsClient {

  private final String name;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Map<Integer, KeyMaterial>> keys = new ConcurrentHashMap<>();
  private final Map<String, Boolean> enabled = new ConcurrentHashMap<>();
  volatile boolean denied;
  volatile boolean down;
  final AtomicInteger decryptCalls = new AtomicInteger();

  FakeKmsClient(String name) {
    this.name = name;
  }

  void createKey(String keyId) {
    keys.put(keyId, new ConcurrentHashMap<>(Map.of(1, KeyMaterial.copyOf(TestKeys.randomKey()))));
    enabled.put(keyId, true);
  }

  void rotate(String keyId) {
    Map<Integer, KeyMaterial> versions = keys.get(keyId);
    versions.put(versions.size() + 1, KeyMaterial.copyOf(TestKeys.randomKey()));
  }

  void setEnabled(String keyId, boolean on) {
    enabled.put(keyId, on);
  }

  private void check(String keyId) throws IOException {
    if (down) {
      throw new IOException("connection refused");
    }
    if (denied || !keys.containsKey(keyId)) {
      throw new KmsAccessDeniedException("AccessDeniedException for " + keyId);
    }
    if (!enabled.get(keyId)) {
      throw new KmsAccessDeniedException("DisabledException for " + keyId);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public KeyStatus status(String keyId) throws IOException {
    if (down) {
      throw new IOException("connection refused");
    }
    if (denied || !keys.containsKey(keyId)) {
      throw new KmsAccessDeniedException("AccessDeniedException for " + keyId);
    }
    return new KeyStatus(enabled.get(keyId), keys.get(keyId).size());
  }

  @Override
  public byte[] encrypt(String keyId, byte[] plaintext, byte[] aad) throws IOException {
    check(keyId);
    int version = keys.get(keyId).size();
    byte[] wrapped = KeyWrap.wrap(keys.get(keyId).get(version), plaintext, aad, random);
    return ByteBuffer.allocate(4 + wrapped.length).putInt(version).put(wrapped).array();
  }

  @Override
  public byte[] decrypt(String keyId, byte[] ciphertext, byte[] aad) throws IOException, AEADBadTagException {
    check(keyId);
    decryptCalls.incrementAndGet();
    ByteBuffer in = ByteBuffer.wrap(ciphertext);
    KeyMaterial key = keys.get(keyId).get(in.getInt());
    if (key == null) {
      throw new AEADBadTagException("no such key version");
    }
    byte[] wrapped = new byte[in.remaining()];
    in.get(wrapped);
    try (KeyMaterial dataKey = KeyWrap.unwrap(key, wrapped, aad)) {
      return dataKey.getEncoded();
    }
  }
}
