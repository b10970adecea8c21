package io.quiver.control.member;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.quiver.control.keycloak.KeycloakRealm;

/**
 * A member of a tenant.
 *
 * @param id the Keycloak user id
 * @param username the user name
 * @param email the e-mail address
 * @param role {@code tenant-admin}, {@code tenant-member} or {@code tenant-viewer}
 * @param created in the answer to an invitation: whether the user was created by it
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberView(String id, String username, String email, String role, Boolean created) {

  static MemberView of(KeycloakRealm.Member m, Boolean created) {
    return new MemberView(m.id(), m.username(), m.email(), m.role().groupName(), created);
  }
}
