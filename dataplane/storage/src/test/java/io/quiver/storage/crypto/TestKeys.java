package io.quiver.storage.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Key material and key sources for tests. */
final class TestKeys {

  static final SecureRandom RANDOM = new SecureRandom();
  static final Duration FAST_POLL = Duration.ofMillis(50);

  private TestKeys() {}

  static byte[] randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  /** A key set text: {@code v=base64} lines, {@code current} unless null, {@code revoked} if set. */
  static byte[] keySet(Map<Integer, byte[]> versions, Integer current, boolean revoked) {
    StringBuilder text = new StringBuilder("# test key set\n");
    for (Map.Entry<Integer, byte[]> e : new TreeMap<>(versions).entrySet()) {
      text.append(e.getKey()).append('=').append(Base64.getEncoder().encodeToString(e.getValue())).append('\n');
    }
    if (current != null) {
      text.append("current=").append(current).append('\n');
    }
    if (revoked) {
      text.append("revoked=true\n");
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Every textual form of {@code key} a log line or message might carry. */
  static List<String> encodings(byte[] key) {
    return List.of(
        HexFormat.of().formatHex(key),
        HexFormat.of().withUpperCase().formatHex(key),
        Base64.getEncoder().encodeToString(key),
        Base64.getEncoder().withoutPadding().encodeToString(key),
        Base64.getUrlEncoder().withoutPadding().encodeToString(key),
        new String(key, StandardCharsets.ISO_8859_1),
        java.util.Arrays.toString(key));
  }

  /**
   * A mutable, thread-safe key source for {@link MapKeyProvider}, the way a Secret watcher would
   * hold it: entry name to key-set bytes.
   */
  static final class Source {
    final Map<String, byte[]> entries = new ConcurrentHashMap<>();

    Map<String, byte[]> snapshot() {
      return Map.copyOf(entries);
    }

    void put(KeyRef ref, Map<Integer, byte[]> versions, Integer current) {
      entries.put(ref.location(), keySet(versions, current, false));
    }

    void revoke(KeyRef ref) {
      entries.remove(ref.location());
    }
  }
}
