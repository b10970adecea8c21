package io.quiver.server.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the Milvus {@code authorization} header into a {@link Principal}: the header is base64 of
 * either {@code user:password} (a Milvus user, checked against the salted hash in the catalog) or
 * a control-plane API key {@code qk_<id>_<secret>} (checked against the in-memory key registry,
 * never with a network call).
 *
 * <p>Failures carry Milvus's messages; they do not say whether a user or key exists.
 */
public final class Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

  public static final String MISSING = "missing authorization in header";
  public static final String BAD_FORMAT = "invalid token format";
  public static final String BAD_PASSWORD = "auth check failure, please check username and password are correct";
  public static final String BAD_KEY = "auth check failure, please check api key is correct";

  private final RbacStore rbac;
  private final ApiKeyRegistry keys;

  /**
   * @param rbac Milvus users
   * @param keys the API-key registry, or null when no key endpoint is configured (keys are refused)
   */
  public Authenticator(RbacStore rbac, ApiKeyRegistry keys) {
    this.rbac = rbac;
    this.keys = keys;
  }

  /** The outcome: a principal, or the reason given to the client. */
  public record Result(Principal principal, String failure) {
    public boolean ok() {
      return principal != null;
    }
  }

  public Result authenticate(String header) {
    if (header == null || header.isEmpty()) {
      return fail(MISSING);
    }
    Optional<String> decoded = decode(header.trim());
    if (decoded.isEmpty()) {
      return fail(BAD_FORMAT);
    }
    String raw = decoded.get();
    int colon = raw.indexOf(':');
    if (colon >= 0) {
      String user = raw.substring(0, colon);
      String password = raw.substring(colon + 1);
      if (rbac.verifyPassword(user, password)) {
        return new Result(new Principal.User(user), null);
      }
      LOG.debug("authentication failed for user {}", printable(user));
      return fail(BAD_PASSWORD);
    }
    Optional<ApiKeyToken> token = ApiKeyToken.parse(raw);
    if (token.isEmpty()) {
      LOG.debug("authentication failed: the token is neither user:password nor an API key");
      return fail(BAD_KEY);
    }
    if (keys == null) {
      LOG.debug("authentication failed for {}: no key registry is configured (security.api-keys.url)", token.get());
      return fail(BAD_KEY);
    }
    ApiKeyRegistry.Result r = keys.authenticate(token.get());
    if (r instanceof ApiKeyRegistry.Result.Valid v) {
      return new Result(new Principal.Key(v.key()), null);
    }
    LOG.debug("authentication failed for {}: {}", token.get(), ((ApiKeyRegistry.Result.Refused) r).detail());
    return fail(BAD_KEY);
  }

  /** {@code s} without control characters and at most 64 characters long, for log lines. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    return s.length() > 64 ? sb + "..." : sb.toString();
  }

  private static Result fail(String message) {
    return new Result(null, message);
  }

  /** Base64 (standard, padding optional) of UTF-8 text, or empty. */
  static Optional<String> decode(String header) {
    try {
      byte[] bytes = Base64.getDecoder().decode(header);
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
