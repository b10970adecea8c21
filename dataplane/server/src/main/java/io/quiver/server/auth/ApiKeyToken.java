package io.quiver.server.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The format of a control-plane API key, a contract between the control plane (which issues
 * keys) and the data plane (which checks them):
 *
 * <pre>qk_&lt;keyId&gt;_&lt;secret&gt;</pre>
 *
 * <ul>
 *   <li>{@code qk_}: a fixed prefix;
 *   <li>{@code keyId}: 1 to 64 ASCII letters and digits (no underscore), public, unique per key;
 *   <li>{@code secret}: 32 to 256 characters of the base64url alphabet ({@code A-Z a-z 0-9 - _});
 *       the control plane issues 32 random bytes as 43 unpadded base64url characters. Only
 *       {@code hex(SHA-256(UTF-8(secret)))} is ever stored or published.
 * </ul>
 *
 * The key travels in the Milvus {@code authorization} header as base64 of the whole string (the
 * SDKs' {@code token}). It contains no {@code :}, which tells it apart from {@code user:password}.
 *
 * @param keyId the key id
 * @param secret the secret part
 */
public record ApiKeyToken(String keyId, String secret) {

  public static final String PREFIX = "qk_";
  static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
  static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{32,256}");

  /** Parses {@code token}, or returns empty if it is not of the form above. */
  public static Optional<ApiKeyToken> parse(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 400) {
      return Optional.empty();
    }
    int sep = token.indexOf('_', PREFIX.length());
    if (sep < 0) {
      return Optional.empty();
    }
    String id = token.substring(PREFIX.length(), sep);
    String secret = token.substring(sep + 1);
    if (!KEY_ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
      return Optional.empty();
    }
    return Optional.of(new ApiKeyToken(id, secret));
  }

  /** Whether {@code id} is a valid key id. */
  public static boolean validKeyId(String id) {
    return id != null && KEY_ID.matcher(id).matches();
  }

  @Override
  public String toString() {
    return PREFIX + keyId + "_***";
  }
}
