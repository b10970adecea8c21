package io.quiver.server.auth;

import java.util.Locale;
import java.util.Set;

/**
 * One control-plane API key as the key registry lists it (never the secret: only its SHA-256).
 *
 * @param id the key id, the middle part of {@code qk_<id>_<secret>}
 * @param tenant the tenant the key belongs to (for audit)
 * @param databases the databases the key may use; {@code *} means every database. These are the
 *     tenant boundary: anything outside them looks like it does not exist
 * @param role what the key may do inside its databases
 * @param sha256 SHA-256 of the secret's UTF-8 bytes (32 bytes)
 * @param expiresAtMs expiry in epoch milliseconds, or null for none
 * @param revoked whether the key was revoked
 */
public record ApiKey(String id, String tenant, Set<String> databases, Role role, byte[] sha256, Long expiresAtMs,
    boolean revoked) {

  public static final String ANY_DATABASE = "*";

  public ApiKey {
    databases = Set.copyOf(databases);
    sha256 = sha256.clone();
  }

  /** Whether the key's scope includes {@code database}. */
  public boolean allowsDatabase(String database) {
    return databases.contains(ANY_DATABASE) || databases.contains(database);
  }

  public boolean expired(long nowMs) {
    return expiresAtMs != null && nowMs >= expiresAtMs;
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  byte[] sha256Unsafe() {
    return sha256;
  }

  @Override
  public String toString() {
    return "ApiKey[" + id + ", tenant=" + tenant + ", databases=" + databases + ", role=" + role + ", expiresAtMs="
        + expiresAtMs + ", revoked=" + revoked + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey k && k.id.equals(id) && k.tenant.equals(tenant) && k.databases.equals(databases)
        && k.role == role && Secrets.constantTimeEquals(k.sha256, sha256)
        && java.util.Objects.equals(k.expiresAtMs, expiresAtMs) && k.revoked == revoked;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /**
   * What a key may do inside its databases. Each role includes the one before it.
   */
  public enum Role {
    /** Search, query, get, describe, list, has, statistics, load state. */
    READ(Set.of("Search", "Query", "DescribeCollection", "ShowCollections", "GetStatistics", "GetLoadState",
        "GetLoadingProgress", "IndexDetail", "HasPartition", "ShowPartitions", "ListAliases", "DescribeAlias",
        "DescribeDatabase", "ListDatabases", "GetFlushState", "ListResourceGroups", "DescribeResourceGroup")),
    /** Read, plus insert, upsert, delete, flush, compaction, create partition and index, load and release. */
    WRITE(Set.of("Insert", "Upsert", "Delete", "Flush", "FlushAll", "CreatePartition", "CreateIndex", "Load", "Release",
        "Compaction")),
    /**
     * Write, plus creating and dropping collections, partitions, indexes, aliases and (inside the
     * key's databases) databases; never Milvus users, roles or grants, and never bulk import (its
     * source files are not scoped to a tenant).
     */
    ADMIN(Set.of("CreateCollection", "DropCollection", "RenameCollection", "AddCollectionField", "DropPartition",
        "DropIndex", "CreateAlias", "DropAlias", "AlterDatabase", "CreateDatabase", "DropDatabase"));

    private final Set<String> own;

    Role(Set<String> own) {
      this.own = own;
    }

    /** Whether this role includes {@code privilege}. */
    public boolean allows(String privilege) {
      for (Role r : values()) {
        if (r.own.contains(privilege)) {
          return r.ordinal() <= ordinal();
        }
      }
      return false;
    }

    public static Role parse(String s) {
      return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
        case "read" -> READ;
        case "write" -> WRITE;
        case "admin" -> ADMIN;
        default -> throw new IllegalArgumentException("role must be read, write or admin, got " + s);
      };
    }
  }
}
