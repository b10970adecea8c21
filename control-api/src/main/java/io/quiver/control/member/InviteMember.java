package io.quiver.control.member;

import io.micronaut.core.annotation.Introspected;

/**
 * An invitation: the user with this e-mail address joins the tenant with the role (a new user is
 * created when the realm has none, and must set a password and verify the address).
 *
 * @param email the e-mail address
 * @param role {@code tenant-admin}, {@code tenant-member} or {@code tenant-viewer}
 * @param firstName for a new user, optional
 * @param lastName for a new user, optional
 */
@Introspected
public record InviteMember(String email, String role, String firstName, String lastName) {
}
