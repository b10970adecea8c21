package io.quiver.control.auth;

import io.micronaut.http.HttpRequest;
import io.quiver.control.api.ApiException;
import java.util.Map;
import java.util.Optional;

/**
 * The authenticated person behind a REST call, from a validated Keycloak access token.
 *
 * @param subject the token's {@code sub} (the Keycloak user id)
 * @param username {@code preferred_username}, or the subject when absent
 * @param platformAdmin whether the token carries the realm role {@code platform-admin}
 * @param tenants the person's role in each tenant, from the token's {@code groups} claim
 * @param apiKeyRole for a caller authenticated with an API key, the key's role ({@code read},
 *     {@code write} or {@code admin}); null for a person
 */
public record Caller(String subject, String username, boolean platformAdmin, Map<String, TenantRole> tenants,
    String apiKeyRole) {

  /** The request attribute holding the caller once {@link AuthFilter} authenticated the request. */
  public static final String ATTRIBUTE = "quiver.caller";

  public Caller {
    tenants = Map.copyOf(tenants);
  }

  /** A person (from a Keycloak token). */
  public Caller(String subject, String username, boolean platformAdmin, Map<String, TenantRole> tenants) {
    this(subject, username, platformAdmin, tenants, null);
  }

  /**
   * An application calling with the API key {@code keyId} of {@code tenant}: an {@code admin} key
   * acts like a tenant admin, {@code read} and {@code write} keys like viewers (the REST API has no
   * data to write); its user name in the audit log is {@code apikey:<keyId>}.
   */
  public static Caller ofApiKey(String keyId, String tenant, String role) {
    TenantRole acting = "admin".equals(role) ? TenantRole.ADMIN : TenantRole.VIEWER;
    return new Caller("apikey:" + keyId, "apikey:" + keyId, false, Map.of(tenant, acting), role);
  }

  /** Whether this caller authenticated with an API key. */
  public boolean isApiKey() {
    return apiKeyRole != null;
  }

  /** The caller of {@code request}; every /api/v1 route but the public ones has one. */
  public static Caller of(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, Caller.class)
        .orElseThrow(() -> ApiException.unauthorized("a bearer token is required"));
  }

  /** The caller of {@code request}, if it was authenticated. */
  public static Optional<Caller> find(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, Caller.class);
  }

  /** The caller's role in {@code tenant}, if any (platform admins have none unless they are members). */
  public Optional<TenantRole> roleIn(String tenant) {
    return Optional.ofNullable(tenants.get(tenant));
  }

  /**
   * Checks that the caller may act on {@code tenant} with at least {@code needed}. A caller who
   * belongs to no such tenant gets a 404 that reads exactly like a missing tenant (tenants are not
   * disclosed to outsiders); a member with too small a role gets a 403. Platform admins pass.
   */
  public void require(String tenant, TenantRole needed) {
    if (platformAdmin) {
      return;
    }
    TenantRole role = tenants.get(tenant);
    if (role == null) {
      throw ApiException.tenantNotFound(tenant);
    }
    if (!role.atLeast(needed)) {
      throw ApiException.forbidden("this needs the role " + needed.groupName() + " in tenant " + tenant + "; you are "
          + role.groupName());
    }
  }

  /** Checks that the caller is a platform admin. */
  public void requirePlatformAdmin() {
    if (!platformAdmin) {
      throw ApiException.forbidden("this needs the realm role platform-admin");
    }
  }
}
