package io.quiver.control.apikey;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.quiver.control.api.ApiException;
import io.quiver.control.auth.Caller;
import io.quiver.control.auth.TenantRole;
import io.quiver.control.tenant.TenantGuard;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/**
 * A tenant's API keys. Tenant admins create keys of any role and revoke any key; members create
 * read and write keys and revoke their own; viewers list.
 */
@Controller("/api/v1/tenants/{tenant}/api-keys")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "api-keys")
public class ApiKeyController {

  private final ApiKeyService keys;
  private final TenantGuard guard;

  public ApiKeyController(ApiKeyService keys, TenantGuard guard) {
    this.keys = keys;
    this.guard = guard;
  }

  @Get
  @Operation(summary = "Lists the tenant's API keys (never their secrets)")
  public List<ApiKeyView> listApiKeys(HttpRequest<?> request, @PathVariable String tenant) {
    guard.require(Caller.of(request), tenant, TenantRole.VIEWER);
    return keys.list(tenant);
  }

  @Post
  @Operation(summary = "Creates an API key; the answer holds the key, shown this once")
  public HttpResponse<ApiKeyView> createApiKey(HttpRequest<?> request, @PathVariable String tenant,
      @Body CreateApiKey body) {
    Caller caller = Caller.of(request);
    guard.require(caller, tenant, TenantRole.MEMBER);
    if ("admin".equalsIgnoreCase(body.role()) && !caller.platformAdmin()
        && !caller.roleIn(tenant).orElseThrow().atLeast(TenantRole.ADMIN)) {
      throw ApiException.forbidden("only tenant admins create admin keys");
    }
    ApiKeyView created = keys.create(tenant, body, caller.username());
    return HttpResponse.created(created, URI.create("/api/v1/tenants/" + tenant + "/api-keys/" + created.id()));
  }

  @Get("/{keyId}")
  @Operation(summary = "Reads an API key (never its secret)")
  public ApiKeyView getApiKey(HttpRequest<?> request, @PathVariable String tenant, @PathVariable String keyId) {
    guard.require(Caller.of(request), tenant, TenantRole.VIEWER);
    return keys.get(tenant, keyId).orElseThrow(() -> keyNotFound(tenant, keyId));
  }

  @Delete("/{keyId}")
  @Operation(summary = "Revokes an API key; the data plane refuses it within 10 s")
  public ApiKeyView revokeApiKey(HttpRequest<?> request, @PathVariable String tenant, @PathVariable String keyId) {
    Caller caller = Caller.of(request);
    guard.require(caller, tenant, TenantRole.MEMBER);
    ApiKeyView key = keys.get(tenant, keyId).orElseThrow(() -> keyNotFound(tenant, keyId));
    if (!caller.platformAdmin() && !caller.roleIn(tenant).orElseThrow().atLeast(TenantRole.ADMIN)
        && !caller.username().equals(key.createdBy())) {
      throw ApiException.forbidden("members revoke only the keys they created");
    }
    return keys.revoke(tenant, keyId, caller.username()).orElseThrow(() -> keyNotFound(tenant, keyId));
  }

  private static ApiException keyNotFound(String tenant, String keyId) {
    return ApiException.notFound("API key " + keyId + " of tenant " + tenant + " not found");
  }
}
