package io.quiver.control.apikey;

import io.micronaut.core.annotation.Introspected;
import java.time.Instant;
import java.util.List;

/**
 * A request to create an API key.
 *
 * @param name a label, 1 to 64 characters
 * @param role {@code read}, {@code write} or {@code admin}
 * @param databases the tenant's databases the key may use: {@code <tenant>} or {@code <tenant>_<suffix>}
 * @param expiresAt when the key stops working (ISO-8601), optional; must be in the future
 */
@Introspected
public record CreateApiKey(String name, String role, List<String> databases, Instant expiresAt) {
}
