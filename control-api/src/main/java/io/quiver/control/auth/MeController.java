package io.quiver.control.auth;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.TreeMap;

/** Who the caller is, as the control API sees the token. */
@Controller("/api/v1/me")
@Tag(name = "me")
public class MeController {

  /**
   * The caller.
   *
   * @param username the user name
   * @param platformAdmin whether the caller is a platform admin
   * @param tenants the caller's role in each tenant
   */
  @Introspected
  public record Me(String username, boolean platformAdmin, Map<String, String> tenants) {
  }

  @Get
  @Operation(summary = "Reads the caller's identity, platform role and tenant roles")
  public Me me(HttpRequest<?> request) {
    Caller c = Caller.of(request);
    Map<String, String> tenants = new TreeMap<>();
    c.tenants().forEach((t, r) -> tenants.put(t, r.groupName()));
    return new Me(c.username(), c.platformAdmin(), tenants);
  }
}
