package io.quiver.control.member;

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
import io.quiver.control.auth.Caller;
import io.quiver.control.auth.TenantRole;
import io.quiver.control.keycloak.KeycloakRealm;
import io.quiver.control.tenant.TenantGuard;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/** A tenant's members (Keycloak users in the tenant's role groups); tenant admins manage them. */
@Controller("/api/v1/tenants/{tenant}/members")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "members")
public class MemberController {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]+");

  private final KeycloakRealm realm;
  private final TenantGuard guard;

  public MemberController(KeycloakRealm realm, TenantGuard guard) {
    this.realm = realm;
    this.guard = guard;
  }

  @Get
  @Operation(summary = "Lists the tenant's members")
  public List<MemberView> listMembers(HttpRequest<?> request, @PathVariable String tenant) {
    guard.require(Caller.of(request), tenant, TenantRole.VIEWER);
    return realm.members(tenant).stream().map(m -> MemberView.of(m, null)).toList();
  }

  @Post
  @Operation(summary = "Invites a person (by e-mail) with a role; tenant admins")
  public HttpResponse<MemberView> inviteMember(HttpRequest<?> request, @PathVariable String tenant,
      @Body InviteMember body) {
    guard.require(Caller.of(request), tenant, TenantRole.ADMIN);
    if (body.email() == null || body.email().isBlank()) {
      throw ApiException.badRequest("email", "is required");
    }
    if (!EMAIL.matcher(body.email()).matches()) {
      throw ApiException.badRequest("email", "is not an e-mail address: " + body.email());
    }
    TenantRole role = role(body.role());
    checkName("firstName", body.firstName());
    checkName("lastName", body.lastName());
    KeycloakRealm.Invited invited = realm.invite(tenant, body.email().trim(), body.firstName(), body.lastName(), role);
    return HttpResponse.created(MemberView.of(invited.member(), invited.created()),
        URI.create("/api/v1/tenants/" + tenant + "/members/" + invited.member().id()));
  }

  @Get("/{userId}")
  @Operation(summary = "Reads a member")
  public MemberView getMember(HttpRequest<?> request, @PathVariable String tenant, @PathVariable String userId) {
    guard.require(Caller.of(request), tenant, TenantRole.VIEWER);
    return realm.member(tenant, userId).map(m -> MemberView.of(m, null)).orElseThrow(() -> memberNotFound(tenant, userId));
  }

  @Put("/{userId}")
  @Operation(summary = "Changes a member's role; tenant admins")
  public MemberView changeRole(HttpRequest<?> request, @PathVariable String tenant, @PathVariable String userId,
      @Body ChangeRole body) {
    guard.require(Caller.of(request), tenant, TenantRole.ADMIN);
    TenantRole role = role(body.role());
    KeycloakRealm.Member m = realm.member(tenant, userId).orElseThrow(() -> memberNotFound(tenant, userId));
    realm.setRole(tenant, userId, role);
    return MemberView.of(new KeycloakRealm.Member(m.id(), m.username(), m.email(), role), null);
  }

  @Delete("/{userId}")
  @Operation(summary = "Removes a member from the tenant (the user stays in the realm); tenant admins")
  public HttpResponse<Void> removeMember(HttpRequest<?> request, @PathVariable String tenant,
      @PathVariable String userId) {
    guard.require(Caller.of(request), tenant, TenantRole.ADMIN);
    realm.member(tenant, userId).orElseThrow(() -> memberNotFound(tenant, userId));
    realm.remove(tenant, userId);
    return HttpResponse.noContent();
  }

  private static ApiException memberNotFound(String tenant, String userId) {
    return ApiException.notFound("member " + userId + " of tenant " + tenant + " not found");
  }

  private static TenantRole role(String role) {
    if (role == null) {
      throw ApiException.badRequest("role", "is required (tenant-admin, tenant-member or tenant-viewer)");
    }
    return TenantRole.fromGroupName(role).orElseThrow(() -> ApiException.badRequest("role",
        "must be tenant-admin, tenant-member or tenant-viewer, got " + role));
  }

  private static void checkName(String field, String value) {
    if (value != null && (value.isBlank() || value.length() > 255)) {
      throw ApiException.badRequest(field, "must be 1 to 255 characters");
    }
  }
}
