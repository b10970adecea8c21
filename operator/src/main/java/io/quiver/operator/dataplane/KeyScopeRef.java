package io.quiver.operator.dataplane;

/**
 * What a key protects: a tenant's databases, or one database.
 *
 * @param tenant tenant name
 * @param database database, or null for the tenant scope
 */
public record KeyScopeRef(String tenant, String database) {

  /** "tenant acme" or "database shop of tenant acme", for messages. */
  public String describe() {
    return database == null ? "tenant " + tenant : "database " + database + " of tenant " + tenant;
  }
}
