package io.quiver.control.tenant;

import io.micronaut.core.annotation.Introspected;
import io.quiver.control.api.ApiException;

/**
 * A request to create a tenant.
 *
 * @param name the tenant id: 2 to 31 lower-case letters and digits, starting with a letter
 * @param displayName the name shown to people, 1 to 128 characters
 * @param tier {@code Shared} (default) or {@code Dedicated}
 * @param quotas limits, optional
 */
@Introspected
public record CreateTenant(String name, String displayName, String tier, Quotas quotas) {

  /** Tenant ids: also the prefix of the tenant's database names, so no {@code _} or {@code -}. */
  public static final String NAME_PATTERN = "[a-z][a-z0-9]{1,30}";

  public void validate() {
    if (name == null || name.isEmpty()) {
      throw ApiException.badRequest("name", "is required");
    }
    if (!name.matches(NAME_PATTERN)) {
      throw ApiException.badRequest("name", "must be 2 to 31 lower-case letters and digits starting with a letter, got "
          + name);
    }
    if (displayName == null || displayName.isBlank()) {
      throw ApiException.badRequest("displayName", "is required");
    }
    if (displayName.length() > 128) {
      throw ApiException.badRequest("displayName", "must be at most 128 characters");
    }
    if (tier != null && !tier.equals("Shared") && !tier.equals("Dedicated")) {
      throw ApiException.badRequest("tier", "must be Shared or Dedicated, got " + tier);
    }
    if (quotas != null) {
      quotas.validate("quotas.");
    }
  }
}
