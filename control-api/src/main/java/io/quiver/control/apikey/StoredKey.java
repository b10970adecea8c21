package io.quiver.control.apikey;

import io.quiver.server.auth.ApiKey;
import java.time.Instant;
import java.util.List;

/**
 * An API key as the control plane stores it: never the secret, only {@code sha256} (lower-case hex
 * of SHA-256 of the secret's UTF-8 bytes), plus who made it and when.
 *
 * @param id the key id ({@code qk_<id>_<secret>})
 * @param name a label chosen by its creator
 * @param tenant the tenant
 * @param databases the databases the key may use (all of the tenant's)
 * @param role {@code read}, {@code write} or {@code admin}
 * @param sha256 64 lower-case hex digits
 * @param expiresAt expiry, or null
 * @param createdAt creation time
 * @param createdBy the creator's user name
 * @param revokedAt revocation time, or null while the key is live
 * @param revokedBy who revoked it, or null
 */
public record StoredKey(String id, String name, String tenant, List<String> databases, String role, String sha256,
    Instant expiresAt, Instant createdAt, String createdBy, Instant revokedAt, String revokedBy) {

  public StoredKey {
    databases = List.copyOf(databases);
    ApiKey.Role.parse(role);
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  StoredKey revoke(Instant when, String by) {
    return new StoredKey(id, name, tenant, databases, role, sha256, expiresAt, createdAt, createdBy, when, by);
  }
}
