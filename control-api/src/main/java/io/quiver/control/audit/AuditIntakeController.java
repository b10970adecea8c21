package io.quiver.control.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.quiver.control.api.ApiException;
import io.quiver.control.auth.ServiceToken;
import io.quiver.control.tenant.CreateTenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes the data plane's audit events ({@code security.audit.url}) into the append-only audit log
 * with origin {@value AuditRecord#DATA_PLANE}. Authenticated with the data plane's service token
 * (the key registry's), never a person's token or an API key. A whole batch is validated first and
 * then appended with one write; a batch id seen among the last {@value #REMEMBERED_BATCHES}
 * batches is acknowledged without being stored again.
 */
@Controller("/api/v1/audit/events")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audit")
public class AuditIntakeController {

  /** The path, for the filters. */
  public static final String PATH = "/api/v1/audit/events";
  static final int MAX_EVENTS = 1000;
  static final int REMEMBERED_BATCHES = 4096;
  private static final int MAX_TEXT = 4096;

  private final AuditLog log;
  private final ServiceToken token;
  private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_BATCHES;
    }
  };

  public AuditIntakeController(AuditLog log, ServiceToken token) {
    this.log = log;
    this.token = token;
  }

  /**
   * The answer to a batch.
   *
   * @param accepted events stored now
   * @param duplicate whether the batch had been stored before (nothing stored now)
   * @param lastSeq the log's sequence number of the last event stored, or 0
   */
  @io.micronaut.core.annotation.Introspected
  public record Accepted(int accepted, boolean duplicate, long lastSeq) {
  }

  @Post
  @Operation(summary = "Takes a batch of the data plane's audit events into the audit log (service token)")
  public Accepted ingestAuditEvents(@Header("Authorization") @Nullable String authorization, @Body AuditBatch body) {
    token.require(authorization, "the audit intake");
    List<AuditRecord.Entry> entries = validate(body);
    synchronized (seen) {
      if (body.batch() != null && seen.containsKey(body.batch())) {
        return new Accepted(0, true, 0);
      }
      List<AuditRecord> stored = log.appendAll(entries);
      if (body.batch() != null) {
        seen.put(body.batch(), Boolean.TRUE);
      }
      return new Accepted(stored.size(), false, stored.getLast().seq());
    }
  }

  static List<AuditRecord.Entry> validate(AuditBatch body) {
    if (body.batch() != null && (body.batch().isEmpty() || body.batch().length() > 200)) {
      throw ApiException.badRequest("batch", "must be 1 to 200 characters when present");
    }
    if (body.events() == null || body.events().isEmpty() || body.events().size() > MAX_EVENTS) {
      throw ApiException.badRequest("events", "must hold 1 to " + MAX_EVENTS + " events, got "
          + (body.events() == null ? "none" : body.events().size()));
    }
    List<AuditRecord.Entry> out = new ArrayList<>(body.events().size());
    for (int i = 0; i < body.events().size(); i++) {
      AuditBatch.Event e = body.events().get(i);
      String at = "events[" + i + "]";
      if (e == null) {
        throw ApiException.badRequest(at, "must be an event object");
      }
      if (e.time() == null) {
        throw ApiException.badRequest(at + ".time", "is required (ISO-8601)");
      }
      text(at + ".actor", e.actor(), true);
      text(at + ".action", e.action(), true);
      if (!e.action().matches("[A-Za-z][A-Za-z0-9]{0,63}")) {
        throw ApiException.badRequest(at + ".action", "must be an RPC name (letters and digits), got " + e.action());
      }
      String tenant = e.tenant() == null ? "" : e.tenant();
      if (!tenant.isEmpty() && !tenant.matches(CreateTenant.NAME_PATTERN)) {
        throw ApiException.badRequest(at + ".tenant", "must be empty or a tenant name, got " + tenant);
      }
      text(at + ".target", e.target(), false);
      text(at + ".result", e.result(), true);
      if (!(e.result().equals("success") || e.result().startsWith("denied: ") || e.result().startsWith("failed: "))) {
        throw ApiException.badRequest(at + ".result", "must be success, denied: <reason> or failed: <reason>");
      }
      text(at + ".source", e.source(), false);
      out.add(new AuditRecord.Entry(e.time(), e.actor(), tenant, e.action(), e.target() == null ? "" : e.target(),
          e.result(), e.source(), AuditRecord.DATA_PLANE));
    }
    return out;
  }

  private static void text(String field, String value, boolean required) {
    if (value == null || value.isEmpty()) {
      if (required) {
        throw ApiException.badRequest(field, "is required");
      }
      return;
    }
    if (value.length() > MAX_TEXT) {
      throw ApiException.badRequest(field, "must be at most " + MAX_TEXT + " characters");
    }
  }
}
