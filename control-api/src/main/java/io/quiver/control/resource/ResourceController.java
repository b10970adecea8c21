package io.quiver.control.resource;

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
import io.quiver.control.tenant.TenantView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/**
 * A tenant's collections and encryption keys, as Collection and EncryptionKey custom resources in
 * the tenant's namespace: viewers list and read them, tenant admins create and delete them. They
 * need a cluster (409 without one).
 */
@Controller("/api/v1/tenants/{tenant}")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "resources")
public class ResourceController {

  private final TenantResources resources;
  private final TenantGuard guard;

  public ResourceController(TenantResources resources, TenantGuard guard) {
    this.resources = resources;
    this.guard = guard;
  }

  @Get("/collections")
  @Operation(summary = "Lists the tenant's Collection resources; needs a cluster")
  public List<ResourceView> listCollections(HttpRequest<?> request, @PathVariable String tenant) {
    return list(request, tenant, ResourceKind.COLLECTION);
  }

  @Post("/collections")
  @Operation(summary = "Creates a Collection resource in the tenant's namespace; tenant admins; needs a cluster")
  public HttpResponse<ResourceView> createCollection(HttpRequest<?> request, @PathVariable String tenant,
      @Body CreateResource body) {
    return create(request, tenant, ResourceKind.COLLECTION, "collections", body);
  }

  @Get("/collections/{name}")
  @Operation(summary = "Reads a Collection resource; needs a cluster")
  public ResourceView getCollection(HttpRequest<?> request, @PathVariable String tenant, @PathVariable String name) {
    return get(request, tenant, ResourceKind.COLLECTION, name);
  }

  @Delete("/collections/{name}")
  @Operation(summary = "Deletes a Collection resource (its deletionPolicy decides what happens to the data); "
      + "tenant admins; needs a cluster")
  public HttpResponse<Void> deleteCollection(HttpRequest<?> request, @PathVariable String tenant,
      @PathVariable String name) {
    return delete(request, tenant, ResourceKind.COLLECTION, name);
  }

  @Get("/encryption-keys")
  @Operation(summary = "Lists the tenant's EncryptionKey resources; needs a cluster")
  public List<ResourceView> listEncryptionKeys(HttpRequest<?> request, @PathVariable String tenant) {
    return list(request, tenant, ResourceKind.ENCRYPTION_KEY);
  }

  @Post("/encryption-keys")
  @Operation(summary = "Creates an EncryptionKey resource in the tenant's namespace; tenant admins; needs a cluster")
  public HttpResponse<ResourceView> createEncryptionKey(HttpRequest<?> request, @PathVariable String tenant,
      @Body CreateResource body) {
    return create(request, tenant, ResourceKind.ENCRYPTION_KEY, "encryption-keys", body);
  }

  @Get("/encryption-keys/{name}")
  @Operation(summary = "Reads an EncryptionKey resource; needs a cluster")
  public ResourceView getEncryptionKey(HttpRequest<?> request, @PathVariable String tenant,
      @PathVariable String name) {
    return get(request, tenant, ResourceKind.ENCRYPTION_KEY, name);
  }

  @Delete("/encryption-keys/{name}")
  @Operation(summary = "Deletes an EncryptionKey resource; tenant admins; needs a cluster")
  public HttpResponse<Void> deleteEncryptionKey(HttpRequest<?> request, @PathVariable String tenant,
      @PathVariable String name) {
    return delete(request, tenant, ResourceKind.ENCRYPTION_KEY, name);
  }

  private List<ResourceView> list(HttpRequest<?> request, String tenant, ResourceKind kind) {
    TenantView t = guard.require(Caller.of(request), tenant, TenantRole.VIEWER);
    return resources.list(kind, namespace(t));
  }

  private ResourceView get(HttpRequest<?> request, String tenant, ResourceKind kind, String name) {
    TenantView t = guard.require(Caller.of(request), tenant, TenantRole.VIEWER);
    return resources.get(kind, namespace(t), name).orElseThrow(() -> notFound(kind, tenant, name));
  }

  private HttpResponse<ResourceView> create(HttpRequest<?> request, String tenant, ResourceKind kind, String path,
      CreateResource body) {
    TenantView t = guard.require(Caller.of(request), tenant, TenantRole.ADMIN);
    ResourceView created = resources.create(kind, tenant, namespace(t), body);
    return HttpResponse.created(created, URI.create("/api/v1/tenants/" + tenant + "/" + path + "/" + created.name()));
  }

  private HttpResponse<Void> delete(HttpRequest<?> request, String tenant, ResourceKind kind, String name) {
    TenantView t = guard.require(Caller.of(request), tenant, TenantRole.ADMIN);
    if (!resources.delete(kind, namespace(t), name)) {
      throw notFound(kind, tenant, name);
    }
    return HttpResponse.noContent();
  }

  /** The tenant's namespace; a tenant without one (no cluster) gets the 409 from {@link TenantResources}. */
  private static String namespace(TenantView t) {
    return t.namespace() == null ? "tenant-" + t.name() : t.namespace();
  }

  private static ApiException notFound(ResourceKind kind, String tenant, String name) {
    return ApiException.notFound(kind.label() + " " + name + " of tenant " + tenant + " not found");
  }
}
