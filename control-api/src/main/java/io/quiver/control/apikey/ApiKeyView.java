package io.quiver.control.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import java.time.Instant;
import java.util.List;

/**
 * An API key as the REST API shows it. {@code key} (the whole {@code qk_<id>_<secret>}) is present
 * only in the answer to its creation: it is stored nowhere and cannot be shown again.
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(String id, String name, String tenant, List<String> databases, String role,
    Instant expiresAt, Instant createdAt, String createdBy, boolean revoked, Instant revokedAt, String revokedBy,
    String key) {

  static ApiKeyView of(StoredKey k, String key) {
    return new ApiKeyView(k.id(), k.name(), k.tenant(), k.databases(), k.role(), k.expiresAt(), k.createdAt(),
        k.createdBy(), k.revoked(), k.revokedAt(), k.revokedBy(), key);
  }
}
