package io.quiver.control.usage;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.quiver.control.auth.Caller;
import io.quiver.control.auth.TenantRole;
import io.quiver.control.tenant.TenantGuard;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** A tenant's usage: rows and raw vector data per database, read from the data plane. */
@Controller("/api/v1/tenants/{tenant}/usage")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "usage")
public class UsageController {

  private final UsageService usage;
  private final TenantGuard guard;

  public UsageController(UsageService usage, TenantGuard guard) {
    this.usage = usage;
    this.guard = guard;
  }

  @Get
  @Operation(summary = "Reads the tenant's usage from the data plane: collections, rows and vector bytes per database")
  public TenantUsage getUsage(HttpRequest<?> request, @PathVariable String tenant) {
    guard.require(Caller.of(request), tenant, TenantRole.VIEWER);
    return usage.usage(tenant);
  }
}
