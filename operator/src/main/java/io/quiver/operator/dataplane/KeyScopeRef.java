package io.quiver.operator.dataplane;

/**
 * What a key protects: a tenant's databases, or one database.
 *
 * @param tenant tenant name
 * @param database database, or null for the tenant scope
 */
public record KeyScopeRef(String tenant, String database) {}
