package io.quiver.control.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.quiver.control.api.ApiException;
import io.quiver.control.auth.Caller;
import io.quiver.control.auth.TenantRole;
import io.quiver.control.tenant.TenantGuard;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** Reads the audit log, a page at a time: platform admins all of it, tenant admins their tenant's part. */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audit")
public class AuditController {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final AuditLog log;
  private final TenantGuard guard;

  public AuditController(AuditLog log, TenantGuard guard) {
    this.log = log;
    this.guard = guard;
  }

  @Get("/audit{?tenant,after,limit}")
  @Operation(summary = "Reads the whole audit log (optionally one tenant's entries); platform admins")
  public AuditPage readAudit(HttpRequest<?> request, @Nullable @QueryValue String tenant,
      @Nullable @QueryValue String after, @Nullable @QueryValue String limit) {
    Caller.of(request).requirePlatformAdmin();
    return page(tenant, after, limit);
  }

  @Get("/tenants/{tenant}/audit{?after,limit}")
  @Operation(summary = "Reads a tenant's audit entries; tenant admins")
  public AuditPage readTenantAudit(HttpRequest<?> request, @PathVariable String tenant,
      @Nullable @QueryValue String after, @Nullable @QueryValue String limit) {
    guard.require(Caller.of(request), tenant, TenantRole.ADMIN);
    return page(tenant, after, limit);
  }

  private AuditPage page(String tenant, String afterText, String limitText) {
    long after = number("after", afterText, 0, Long.MAX_VALUE, 0);
    int limit = (int) number("limit", limitText, 1, MAX_LIMIT, DEFAULT_LIMIT);
    List<AuditRecord> entries = log.page(tenant, after, limit);
    Long next = entries.size() == limit ? entries.getLast().seq() : null;
    return new AuditPage(entries, next);
  }

  private static long number(String field, String text, long min, long max, long dflt) {
    if (text == null || text.isEmpty()) {
      return dflt;
    }
    try {
      long v = Long.parseLong(text);
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(field, "must be an integer from " + min + " to " + max + ", got " + text);
    }
  }
}
