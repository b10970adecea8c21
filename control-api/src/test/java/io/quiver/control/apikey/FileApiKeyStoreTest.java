package io.quiver.control.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.server.auth.ApiKeySnapshot;
import io.quiver.server.auth.ApiKeyToken;
import io.quiver.server.auth.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileApiKeyStoreTest {

  @TempDir
  Path dir;

  final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void keysSurviveAReopenWithTheirRevisionAndOnlyTheHashIsStored() throws Exception {
    ApiKeyService service = new ApiKeyService(new FileApiKeyStore(dir), clock);
    ApiKeyView created = service.create("acme", new CreateApiKey("ci", "write", List.of("acme_prod", "acme"),
        Instant.parse("2027-01-01T00:00:00Z")), "alice");
    service.revoke("acme", service.create("acme", new CreateApiKey("old", "read", List.of("acme_x"), null), "alice").id(),
        "bob");

    FileApiKeyStore reopened = new FileApiKeyStore(dir);
    String stored = Files.readString(dir.resolve("api-keys.json"));
    ApiKeyToken token = ApiKeyToken.parse(created.key()).orElseThrow();

    assertThat(reopened.read().revision()).isEqualTo(3);
    assertThat(reopened.read().keys()).hasSize(2);
    assertThat(stored).doesNotContain(token.secret()).contains(Secrets.hex(Secrets.sha256(token.secret())));
    assertThat(Files.exists(dir.resolve("api-keys.json.tmp"))).isFalse();
  }

  @Test
  void thePublishedRegistryIsWhatTheDataPlaneParses() throws Exception {
    ApiKeyService service = new ApiKeyService(new FileApiKeyStore(dir), clock);
    ApiKeyView live = service.create("acme", new CreateApiKey("ci", "admin", List.of("acme_prod"),
        Instant.parse("2027-01-01T00:00:00Z")), "alice");
    ApiKeyView revoked = service.create("acme", new CreateApiKey("old", "read", List.of("acme"), null), "alice");
    service.revoke("acme", revoked.id(), "alice");

    byte[] json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(service.publish());
    ApiKeySnapshot snapshot = ApiKeySnapshot.parse(json);

    assertThat(snapshot.rejected()).isEmpty();
    assertThat(snapshot.revision()).isEqualTo(3);
    assertThat(snapshot.keys().get(live.id()).databases()).containsExactly("acme_prod");
    assertThat(snapshot.keys().get(live.id()).expiresAtMs()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli());
    assertThat(snapshot.keys().get(live.id()).sha256()).isEqualTo(
        Secrets.sha256(ApiKeyToken.parse(live.key()).orElseThrow().secret()));
    assertThat(snapshot.keys().get(revoked.id()).revoked()).isTrue();
    assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain(ApiKeyToken.parse(live.key()).orElseThrow().secret());
  }

  @Test
  void refusesDatabasesOutsideTheTenantNamingTheField() {
    ApiKeyService service = new ApiKeyService(new FileApiKeyStore(dir), clock);

    assertThatThrownBy(() -> service.create("acme", new CreateApiKey("k", "read", List.of("acme_ok", "globex_prod"), null),
        "a")).hasMessageStartingWith("databases[1]: ");
    assertThatThrownBy(() -> service.create("acme", new CreateApiKey("k", "read", List.of("*"), null), "a"))
        .hasMessageStartingWith("databases[0]: ");
    assertThatThrownBy(() -> service.create("acme", new CreateApiKey("k", "read", List.of("acmex"), null), "a"))
        .hasMessageStartingWith("databases[0]: ");
    assertThatThrownBy(() -> service.create("acme", new CreateApiKey("k", "owner", List.of("acme"), null), "a"))
        .hasMessageStartingWith("role: ");
    assertThatThrownBy(() -> service.create("acme", new CreateApiKey("k", "read", List.of("acme"),
        Instant.parse("2025-01-01T00:00:00Z")), "a")).hasMessageStartingWith("expiresAt: ");
    assertThatThrownBy(() -> service.create("acme", new CreateApiKey("", "read", List.of("acme"), null), "a"))
        .hasMessageStartingWith("name: ");
  }
}
