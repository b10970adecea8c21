package io.quiver.control.keycloak;

import io.quiver.control.api.ApiException;
import io.quiver.control.auth.TenantRole;
import io.quiver.control.config.ControlConfig;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The platform's Keycloak realm through the admin client: a tenant is the group
 * {@code /<tenants-group>/<tenant>} with one subgroup per {@link TenantRole}
 * ({@code tenant-admin}, {@code tenant-member}, {@code tenant-viewer}); a member is a user in exactly
 * one of those subgroups. Tokens name the subgroups in their {@code groups} claim (full paths), which
 * is how {@link io.quiver.control.auth.JwtVerifier} finds a person's tenants.
 *
 * <p>Thread-safe (the admin client is). Keycloak failures become 502 answers.
 */
public final class KeycloakRealm implements AutoCloseable {

  /** The group attribute holding a tenant's display name. */
  public static final String DISPLAY_NAME = "displayName";

  private final Keycloak admin;
  private final String realmName;
  private final String tenantsGroup;

  public KeycloakRealm(ControlConfig.Keycloak config) {
    KeycloakBuilder b = KeycloakBuilder.builder().serverUrl(config.url()).realm(config.adminRealm())
        .clientId(config.adminClientId());
    if (config.adminClientSecret() != null) {
      b.clientSecret(config.adminClientSecret()).grantType(OAuth2Constants.CLIENT_CREDENTIALS);
    } else {
      b.username(config.adminUsername()).password(config.adminPassword()).grantType(OAuth2Constants.PASSWORD);
    }
    this.admin = b.build();
    this.realmName = config.realm();
    this.tenantsGroup = config.tenantsGroup();
  }

  private RealmResource realm() {
    return admin.realm(realmName);
  }

  /** The full path of a tenant's group, {@code /<tenants-group>/<tenant>}. */
  public String tenantGroupPath(String tenant) {
    return "/" + tenantsGroup + "/" + tenant;
  }

  /** A tenant's group, if it exists. */
  public Optional<GroupRepresentation> tenantGroup(String tenant) {
    return group("/" + tenantsGroup + "/" + tenant);
  }

  /** The tenants (subgroups of the tenants group), by name. */
  public List<GroupRepresentation> tenantGroups() {
    return call(() -> {
      Optional<GroupRepresentation> top = group("/" + tenantsGroup);
      if (top.isEmpty()) {
        return List.<GroupRepresentation>of();
      }
      return realm().groups().group(top.get().getId()).getSubGroups(0, 10_000, false);
    });
  }

  /** Creates the tenant's group and its role subgroups (those that are missing). */
  public void ensureTenantGroups(String tenant, String displayName) {
    call(() -> {
      GroupRepresentation top = group("/" + tenantsGroup).orElseGet(() -> {
        GroupRepresentation g = new GroupRepresentation();
        g.setName(tenantsGroup);
        try (Response r = realm().groups().add(g)) {
          expectCreated(r, "group /" + tenantsGroup);
        }
        return group("/" + tenantsGroup).orElseThrow();
      });
      GroupRepresentation tg = tenantGroup(tenant).orElseGet(() -> {
        GroupRepresentation g = new GroupRepresentation();
        g.setName(tenant);
        g.setAttributes(Map.of(DISPLAY_NAME, List.of(displayName)));
        try (Response r = realm().groups().group(top.getId()).subGroup(g)) {
          expectCreated(r, "group for tenant " + tenant);
        }
        return tenantGroup(tenant).orElseThrow();
      });
      for (TenantRole role : TenantRole.values()) {
        if (group(rolePath(tenant, role)).isEmpty()) {
          GroupRepresentation g = new GroupRepresentation();
          g.setName(role.groupName());
          try (Response r = realm().groups().group(tg.getId()).subGroup(g)) {
            expectCreated(r, "group " + rolePath(tenant, role));
          }
        }
      }
      return null;
    });
  }

  /** Deletes the tenant's group (and so every membership in it), if it exists. */
  public void deleteTenantGroups(String tenant) {
    call(() -> {
      tenantGroup(tenant).ifPresent(g -> realm().groups().group(g.getId()).remove());
      return null;
    });
  }

  /** A member of a tenant. */
  public record Member(String id, String username, String email, TenantRole role) {
  }

  /** The tenant's members, in role order then by user name. */
  public List<Member> members(String tenant) {
    return call(() -> {
      List<Member> out = new ArrayList<>();
      for (Map.Entry<TenantRole, GroupRepresentation> e : roleGroups(tenant).entrySet()) {
        List<UserRepresentation> users = new ArrayList<>(
            realm().groups().group(e.getValue().getId()).members(0, 10_000, true));
        users.sort(java.util.Comparator.comparing(UserRepresentation::getUsername));
        for (UserRepresentation u : users) {
          out.add(new Member(u.getId(), u.getUsername(), u.getEmail(), e.getKey()));
        }
      }
      return out;
    });
  }

  /** The member {@code userId} of the tenant, if the user is one. */
  public Optional<Member> member(String tenant, String userId) {
    return members(tenant).stream().filter(m -> m.id().equals(userId)).findFirst();
  }

  /**
   * Gives the user with {@code email} the role {@code role} in the tenant, creating the user (with
   * the required actions to set a password and verify the e-mail) when the realm has none with that
   * address.
   *
   * @return the member, and whether the user was created
   */
  public Invited invite(String tenant, String email, String firstName, String lastName, TenantRole role) {
    return call(() -> {
      List<UserRepresentation> found = realm().users().searchByEmail(email, true);
      boolean created = false;
      UserRepresentation user;
      if (found.isEmpty()) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername(email);
        u.setEmail(email);
        u.setFirstName(firstName);
        u.setLastName(lastName);
        u.setEnabled(true);
        u.setEmailVerified(false);
        u.setRequiredActions(List.of("UPDATE_PASSWORD", "VERIFY_EMAIL"));
        String id;
        try (Response r = realm().users().create(u)) {
          if (r.getStatus() == 409) {
            throw ApiException.conflict("a user named " + email + " already exists with another e-mail address");
          }
          id = CreatedResponseUtil.getCreatedId(r);
        }
        user = realm().users().get(id).toRepresentation();
        created = true;
      } else {
        user = found.getFirst();
      }
      setRole(tenant, user.getId(), role);
      return new Invited(new Member(user.getId(), user.getUsername(), user.getEmail(), role), created);
    });
  }

  /** The result of {@link #invite}. */
  public record Invited(Member member, boolean created) {
  }

  /** Makes {@code userId} a member with {@code role} only (leaving the tenant's other role groups). */
  public void setRole(String tenant, String userId, TenantRole role) {
    call(() -> {
      Map<TenantRole, GroupRepresentation> groups = roleGroups(tenant);
      var user = realm().users().get(userId);
      user.joinGroup(groups.get(role).getId());
      for (Map.Entry<TenantRole, GroupRepresentation> e : groups.entrySet()) {
        if (e.getKey() != role) {
          user.leaveGroup(e.getValue().getId());
        }
      }
      return null;
    });
  }

  /** Removes {@code userId} from every role group of the tenant (the user stays in the realm). */
  public void remove(String tenant, String userId) {
    call(() -> {
      var user = realm().users().get(userId);
      for (GroupRepresentation g : roleGroups(tenant).values()) {
        user.leaveGroup(g.getId());
      }
      return null;
    });
  }

  private Map<TenantRole, GroupRepresentation> roleGroups(String tenant) {
    Map<TenantRole, GroupRepresentation> out = new EnumMap<>(TenantRole.class);
    for (TenantRole role : TenantRole.values()) {
      GroupRepresentation g = group(rolePath(tenant, role)).orElseThrow(() -> ApiException.upstream(
          "Keycloak has no group " + rolePath(tenant, role) + " for tenant " + tenant));
      out.put(role, g);
    }
    return out;
  }

  private String rolePath(String tenant, TenantRole role) {
    return "/" + tenantsGroup + "/" + tenant + "/" + role.groupName();
  }

  private Optional<GroupRepresentation> group(String path) {
    try {
      return Optional.of(realm().getGroupByPath(path));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private static void expectCreated(Response r, String what) {
    if (r.getStatus() != 201 && r.getStatus() != 409) {
      throw ApiException.upstream("Keycloak could not create the " + what + ": HTTP " + r.getStatus());
    }
  }

  private static <T> T call(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (ApiException e) {
      throw e;
    } catch (WebApplicationException e) {
      throw ApiException.upstream("Keycloak answered HTTP " + e.getResponse().getStatus() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw ApiException.upstream("Keycloak is unreachable: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
