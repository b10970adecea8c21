package io.quiver.server.auth;

import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted password hashes with PBKDF2-HMAC-SHA512 from the JDK. A hash is stored as one string,
 * {@code pbkdf2-sha512$ITERATIONS$SALT$HASH} (salt and hash in unpadded base64), so the
 * iteration count can be raised later without invalidating stored hashes.
 */
public final class PasswordHasher {

  static final String SCHEME = "pbkdf2-sha512";
  static final String ALGORITHM = "PBKDF2WithHmacSHA512";
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512. */
  public static final int DEFAULT_ITERATIONS = 210_000;
  static final int SALT_BYTES = 16;
  static final int HASH_BITS = 512;

  private final int iterations;

  public PasswordHasher() {
    this(DEFAULT_ITERATIONS);
  }

  /** A hasher with a custom iteration count (tests use fewer). */
  public PasswordHasher(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    this.iterations = iterations;
  }

  /** A new salted hash of {@code password}. */
  public String hash(String password) {
    byte[] salt = Secrets.random(SALT_BYTES);
    byte[] hash = pbkdf2(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /**
   * Whether {@code password} matches {@code stored} (compared in constant time). A malformed
   * stored value never matches.
   */
  public static boolean verify(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      return false;
    }
    int iterations;
    byte[] salt;
    byte[] expected;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      expected = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (iterations < 1 || expected.length * 8 != HASH_BITS) {
      return false;
    }
    return Secrets.constantTimeEquals(pbkdf2(password, salt, iterations), expected);
  }

  static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
    } finally {
      spec.clearPassword();
    }
  }
}
