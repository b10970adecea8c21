package io.quiver.control.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  @TempDir
  Path dir;

  @Test
  void pagesByTenantAndSequenceAndSurvivesAReopenWithATornLastLine() throws Exception {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    try (AuditLog log = new AuditLog(dir)) {
      for (int i = 0; i < 5; i++) {
        log.append(t, "alice", i % 2 == 0 ? "acme" : "globex", "createApiKey", "/k" + i, "success", "127.0.0.1:1");
      }
    }
    Files.writeString(dir.resolve("audit.jsonl"), "{\"seq\":6,\"ti", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (AuditLog log = new AuditLog(dir)) {
      assertThat(log.size()).isEqualTo(5);
      assertThat(log.page("acme", 0, 10)).extracting(AuditRecord::target).containsExactly("/k0", "/k2", "/k4");
      assertThat(log.page(null, 2, 2)).extracting(AuditRecord::seq).containsExactly(3L, 4L);
      AuditRecord appended = log.append(t, "bob", "acme", "revokeApiKey", "/k0", "denied: 403 no", "127.0.0.1:2");
      assertThat(appended.seq()).isEqualTo(6);
    }
    try (AuditLog log = new AuditLog(dir)) {
      assertThat(log.page(null, 5, 10)).extracting(AuditRecord::actor).containsExactly("bob");
    }
  }

  @Test
  void aBatchGetsConsecutiveNumbersItsOriginAndOldLinesReadAsControlApi() throws Exception {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Files.writeString(dir.resolve("audit.jsonl"), "{\"seq\":1,\"time\":\"2025-12-31T00:00:00Z\",\"actor\":\"old\","
        + "\"tenant\":\"acme\",\"action\":\"createApiKey\",\"target\":\"/k\",\"result\":\"success\","
        + "\"source\":\"127.0.0.1:1\"}\n", StandardCharsets.UTF_8);
    try (AuditLog log = new AuditLog(dir)) {
      assertThat(log.page(null, 0, 10).getFirst().origin()).isEqualTo(AuditRecord.CONTROL_API);
      var stored = log.appendAll(java.util.List.of(
          new AuditRecord.Entry(t, "apikey:k1", "acme", "CreateCollection", "acme/c", "success", "/10.0.0.1:5",
              AuditRecord.DATA_PLANE),
          new AuditRecord.Entry(t, "apikey:k1", "acme", "DropCollection", "acme/c", "denied: no", "/10.0.0.1:5",
              AuditRecord.DATA_PLANE)));
      assertThat(stored).extracting(AuditRecord::seq).containsExactly(2L, 3L);
    }
    try (AuditLog log = new AuditLog(dir)) {
      assertThat(log.page("acme", 0, 10)).extracting(AuditRecord::origin)
          .containsExactly(AuditRecord.CONTROL_API, AuditRecord.DATA_PLANE, AuditRecord.DATA_PLANE);
      assertThat(Files.readAllLines(dir.resolve("audit.jsonl")).get(2)).contains("\"origin\":\"data-plane\"");
    }
  }
}
