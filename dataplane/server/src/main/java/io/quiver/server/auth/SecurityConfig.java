package io.quiver.server.auth;

import java.net.URI;
import java.time.Duration;

/**
 * The security settings (see docs/security.md and the {@code security.*} keys of
 * docs/configuration.md).
 *
 * @param authorizationEnabled whether calls need credentials ({@code security.authorization-enabled})
 * @param rootPassword root's password on first start ({@code security.root-password})
 * @param apiKeysUrl the control plane's key endpoint, or null ({@code security.api-keys.url})
 * @param apiKeysToken the bearer token for it ({@code security.api-keys.token})
 * @param refresh how often the endpoint is polled ({@code security.api-keys.refresh}, at most 10 s)
 * @param maxStaleness how long the last good key list is used while the endpoint cannot be
 *     reached, after which API keys are refused ({@code security.api-keys.max-staleness})
 */
public record SecurityConfig(boolean authorizationEnabled, String rootPassword, URI apiKeysUrl, String apiKeysToken,
    Duration refresh, Duration maxStaleness, URI auditUrl, int auditQueueSize) {

  /** Milvus's defaults: authorization off, root's password "Milvus", no API keys. */
  public static SecurityConfig defaults() {
    return new SecurityConfig(false, RbacStore.DEFAULT_ROOT_PASSWORD, null, "", Duration.ofSeconds(5), Duration.ofSeconds(60), null,
        10_000);
  }

  @Override
  public String toString() {
    return "SecurityConfig[authorizationEnabled=" + authorizationEnabled + ", apiKeysUrl=" + apiKeysUrl + ", refresh="
        + refresh + ", maxStaleness=" + maxStaleness + ", auditUrl="
        + auditUrl + "]";
  }
}
