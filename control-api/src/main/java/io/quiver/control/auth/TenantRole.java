package io.quiver.control.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * A person's role in one tenant: the name of the Keycloak subgroup
 * {@code /<tenants-group>/<tenant>/<role>} the person belongs to. Each role includes the ones
 * after it (an admin may do what a member may do).
 */
public enum TenantRole {
  /** Manages members and API keys of the tenant. */
  ADMIN("tenant-admin"),
  /** Creates read and write API keys, reads everything of the tenant. */
  MEMBER("tenant-member"),
  /** Reads the tenant, its members, keys (never secrets) and audit log. */
  VIEWER("tenant-viewer");

  private final String groupName;

  TenantRole(String groupName) {
    this.groupName = groupName;
  }

  /** The Keycloak subgroup (and role) name, e.g. {@code tenant-admin}. */
  public String groupName() {
    return groupName;
  }

  /** Whether this role grants at least what {@code other} grants. */
  public boolean atLeast(TenantRole other) {
    return ordinal() <= other.ordinal();
  }

  /** The role named {@code name} ({@code tenant-admin}, {@code tenant-member}, {@code tenant-viewer}). */
  public static Optional<TenantRole> fromGroupName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.toLowerCase(Locale.ROOT);
    for (TenantRole r : values()) {
      if (r.groupName.equals(n)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
