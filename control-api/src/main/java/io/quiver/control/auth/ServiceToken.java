package io.quiver.control.auth;

import io.quiver.control.api.ApiException;
import io.quiver.control.config.ControlConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The data plane's service token ({@code control.api-keys.registry-token}): the data plane presents
 * it as {@code Authorization: Bearer <token>} to the key registry and to the audit intake. Compared
 * in constant time; a person's token or an API key never passes.
 */
@Singleton
public final class ServiceToken {

  private final byte[] expected;

  public ServiceToken(ControlConfig config) {
    this.expected = ("Bearer " + config.registryToken()).getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code authorization} (the header's value, may be null) is the service token. */
  public boolean matches(String authorization) {
    byte[] presented = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(presented, expected);
  }

  /** Throws a 401 naming {@code what} unless {@code authorization} is the service token. */
  public void require(String authorization, String what) {
    if (!matches(authorization)) {
      throw ApiException.unauthorized(what + " needs the service token");
    }
  }
}
