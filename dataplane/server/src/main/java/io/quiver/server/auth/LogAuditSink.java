package io.quiver.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each audit event as one JSON object on one line to the logger {@code io.quiver.audit}
 * (INFO), e.g.
 *
 * <pre>{@code
 * {"audit":"quiver","time":"2026-01-01T10:00:00Z","actor":"alice","tenant":"","action":"CreateCollection",
 *  "target":"default/books","result":"success","source":"/127.0.0.1:51544"}
 * }</pre>
 *
 * Route or silence that logger in the logging configuration.
 */
public final class LogAuditSink implements AuditSink {

  public static final String LOGGER = "io.quiver.audit";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void record(AuditEvent e) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    LOG.info(line(e));
  }

  /** The JSON line for {@code e}. */
  public static String line(AuditEvent e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("audit", "quiver");
    n.put("time", e.time().toString());
    n.put("actor", e.actor());
    n.put("tenant", e.tenant());
    n.put("action", e.action());
    n.put("target", e.target());
    n.put("result", e.result());
    n.put("source", e.source());
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException ex) {
      return "{\"audit\":\"quiver\",\"error\":\"unencodable event\"}";
    }
  }
}
