package io.quiver.control.tenant;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.quiver.control.api.ApiException;
import io.quiver.control.apikey.ApiKeyService;
import io.quiver.control.auth.Caller;
import io.quiver.control.auth.TenantRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/** Tenants: platform admins create, change and delete them; members read their own. */
@Controller("/api/v1/tenants")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tenants")
public class TenantController {

  private final TenantDirectory tenants;
  private final TenantGuard guard;
  private final ApiKeyService keys;

  public TenantController(TenantDirectory tenants, TenantGuard guard, ApiKeyService keys) {
    this.tenants = tenants;
    this.guard = guard;
    this.keys = keys;
  }

  @Get
  @Operation(summary = "Lists the tenants the caller belongs to (every tenant for platform admins)")
  public List<TenantView> listTenants(HttpRequest<?> request) {
    Caller caller = Caller.of(request);
    return tenants.list().stream().filter(t -> caller.platformAdmin() || caller.roleIn(t.name()).isPresent()).toList();
  }

  @Post
  @Operation(summary = "Creates a tenant (a Tenant resource and its Keycloak groups); platform admins only; needs a cluster")
  public HttpResponse<TenantView> createTenant(HttpRequest<?> request, @Body CreateTenant body) {
    Caller.of(request).requirePlatformAdmin();
    if (!tenants.canProvision()) {
      throw ApiException.needsCluster("creating a tenant");
    }
    body.validate();
    TenantView created = tenants.create(body);
    return HttpResponse.created(created, URI.create("/api/v1/tenants/" + created.name()));
  }

  @Get("/{tenant}")
  @Operation(summary = "Reads a tenant")
  public TenantView getTenant(HttpRequest<?> request, @PathVariable String tenant) {
    return guard.require(Caller.of(request), tenant, TenantRole.VIEWER);
  }

  @Put("/{tenant}/quotas")
  @Operation(summary = "Replaces a tenant's quotas; platform admins only; needs a cluster")
  public TenantView updateQuotas(HttpRequest<?> request, @PathVariable String tenant, @Body Quotas body) {
    Caller caller = Caller.of(request);
    guard.require(caller, tenant, TenantRole.VIEWER);
    caller.requirePlatformAdmin();
    if (!tenants.canProvision()) {
      throw ApiException.needsCluster("changing a tenant's quotas");
    }
    body.validate("");
    return tenants.updateQuotas(tenant, body).orElseThrow(() -> ApiException.tenantNotFound(tenant));
  }

  @Delete("/{tenant}")
  @Operation(summary = "Deletes a tenant, its groups, and revokes its API keys; platform admins only; needs a cluster")
  public HttpResponse<Void> deleteTenant(HttpRequest<?> request, @PathVariable String tenant) {
    Caller caller = Caller.of(request);
    guard.require(caller, tenant, TenantRole.VIEWER);
    caller.requirePlatformAdmin();
    if (!tenants.canProvision()) {
      throw ApiException.needsCluster("deleting a tenant");
    }
    keys.revokeAll(tenant, caller.username());
    if (!tenants.delete(tenant)) {
      throw ApiException.tenantNotFound(tenant);
    }
    return HttpResponse.noContent();
  }
}
