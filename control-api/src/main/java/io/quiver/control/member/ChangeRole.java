package io.quiver.control.member;

import io.micronaut.core.annotation.Introspected;

/**
 * A member's new role.
 *
 * @param role {@code tenant-admin}, {@code tenant-member} or {@code tenant-viewer}
 */
@Introspected
public record ChangeRole(String role) {
}
