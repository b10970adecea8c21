package io.quiver.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Comparisons and digests of secret material. Every comparison of a password hash, an API-key
 * hash or a cached credential goes through {@link #constantTimeEquals}, whose running time does
 * not depend on where the inputs differ.
 */
public final class Secrets {

  static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** Compares two byte arrays in time independent of their contents ({@link MessageDigest#isEqual}). */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a, b);
  }

  /** SHA-256 of the UTF-8 bytes of {@code s}. */
  public static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Lower-case hex of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /** {@code n} random bytes from a {@link SecureRandom}. */
  public static byte[] random(int n) {
    byte[] out = new byte[n];
    RANDOM.nextBytes(out);
    return out;
  }
}
