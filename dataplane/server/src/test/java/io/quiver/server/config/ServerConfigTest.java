package io.quiver.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.server.grpc.UnsupportedRpcs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/env.sh"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    assertThat(from).as("marker %s", start).isGreaterThanOrEqualTo(0);
    assertThat(to).as("marker %s", end).isGreaterThan(from);
    return text.substring(from + start.length(), to).strip();
  }

  @Test
  void defaultsParse() {
    ServerConfig c = ServerConfig.load(null, Map.of());
    assertThat(c.port()).isEqualTo(19530);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.maxRequestBytes()).isEqualTo(256L << 20);
    assertThat(c.walFsync()).isTrue();
  }

  @Test
  void flagsOverrideTheFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("q.properties");
    Files.writeString(file, "server.port = 20000\nsegment.max-rows = 4096\n");
    ServerConfig c = ServerConfig.load(file, Map.of("server.port", "20001"));
    assertThat(c.port()).isEqualTo(20001);
    assertThat(c.maxSegmentRows()).isEqualTo(4096);
  }

  @Test
  void rejectsUnknownKeysAndBadValuesNamingTheKey() {
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("server.prot", "1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown configuration key 'server.prot'");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("server.port", "70000")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.port = '70000' is invalid");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("wal.fsync", "yes")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("wal.fsync");
  }

  @Test
  void acceptsSizeSuffixes() {
    assertThat(ServerConfig.load(null, Map.of("server.max-request-bytes", "2m")).maxRequestBytes()).isEqualTo(2L << 20);
  }

  @Test
  void configurationReferenceListsEveryKeyAsTheCodeDefinesIt() throws Exception {
    String doc = Files.readString(repositoryRoot().resolve("docs/configuration.md"));
    assertThat(between(doc, "<!-- config-table-start -->", "<!-- config-table-end -->")).isEqualTo(ConfigDocs.table().strip());
  }

  @Test
  void limitsPageListsEveryUnsupportedRpc() throws Exception {
    String doc = Files.readString(repositoryRoot().resolve("docs/limits.md"));
    String listed = between(doc, "<!-- unsupported-rpcs-start -->", "<!-- unsupported-rpcs-end -->");
    StringBuilder expected = new StringBuilder();
    for (String rpc : UnsupportedRpcs.unsupportedNames()) {
      expected.append("`").append(rpc).append("` ");
    }
    assertThat(listed).isEqualTo(expected.toString().strip());
  }

  @Test
  void securityDefaultsFollowMilvus() {
    ServerConfig c = ServerConfig.load(null, Map.of());
    assertThat(c.authorizationEnabled()).isFalse();
    assertThat(c.security().rootPassword()).isEqualTo("Milvus");
    assertThat(c.security().apiKeysUrl()).isNull();
    assertThat(c.apiKeysRefresh()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(c.apiKeysMaxStaleness()).isEqualTo(java.time.Duration.ofSeconds(60));
  }

  @Test
  void securityKeysAreValidated() {
    ServerConfig c = ServerConfig.load(null, Map.of("security.authorization-enabled", "true", "security.api-keys.url",
        "https://cp.example/keys", "security.api-keys.token", "t0ken", "security.api-keys.refresh", "2500ms",
        "security.api-keys.max-staleness", "2m", "security.root-password", "s3cret-root"));
    assertThat(c.security().authorizationEnabled()).isTrue();
    assertThat(c.security().apiKeysUrl()).hasToString("https://cp.example/keys");
    assertThat(c.security().refresh()).isEqualTo(java.time.Duration.ofMillis(2500));
    assertThat(c.security().maxStaleness()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(c.toString()).doesNotContain("t0ken").doesNotContain("s3cret-root");
    assertThat(c.security().toString()).doesNotContain("t0ken").doesNotContain("s3cret-root");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("security.api-keys.refresh", "11s")))
        .hasMessageContaining("security.api-keys.refresh = '11s' is invalid");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("security.api-keys.refresh", "soon")))
        .hasMessageContaining("security.api-keys.refresh");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("security.api-keys.url", "ftp://x/keys",
        "security.api-keys.token", "t"))).hasMessageContaining("security.api-keys.url");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("security.api-keys.url", "http://x/keys")))
        .hasMessageContaining("security.api-keys.token must be set");
    assertThat(c.security().auditUrl()).isNull();
    ServerConfig shipping = ServerConfig.load(null, Map.of("security.audit.url", "https://cp.example/api/v1/audit/events",
        "security.api-keys.token", "t0ken", "security.audit.queue-size", "500"));
    assertThat(shipping.security().auditUrl()).hasToString("https://cp.example/api/v1/audit/events");
    assertThat(shipping.security().auditQueueSize()).isEqualTo(500);
    assertThat(shipping.security().apiKeysToken()).isEqualTo("t0ken");
    assertThat(ServerConfig.load(null, Map.of()).security().auditQueueSize()).isEqualTo(10_000);
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("security.audit.url", "http://x/audit")))
        .hasMessageContaining("security.api-keys.token must be set when security.audit.url is");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("security.audit.url", "file:///tmp/audit",
        "security.api-keys.token", "t"))).hasMessageContaining("security.audit.url");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("security.audit.queue-size", "5")))
        .hasMessageContaining("security.audit.queue-size");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("security.api-keys.refresh", "10s",
        "security.api-keys.max-staleness", "5s"))).hasMessageContaining("must be at least security.api-keys.refresh");
    assertThatThrownBy(() -> ServerConfig.load(null, Map.of("security.root-password", "short")))
        .hasMessageContaining("security.root-password = '[redacted]' is invalid").hasMessageNotContaining("short");
  }
}
