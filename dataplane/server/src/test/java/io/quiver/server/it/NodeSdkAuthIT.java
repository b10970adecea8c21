package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Node SDK against a server with authorization enabled: wrong password, unknown user and no
 * credentials get the authentication status (code 1800, PermissionDenied) promptly on every call,
 * without retry loops; root with the default password works.
 */
class NodeSdkAuthIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("security.authorization-enabled", "true");

  @Test
  void nodeSdkGetsTheAuthenticationErrorAndDoesNotRetry() throws Exception {
    Path dir = ReadmeExampleIT.repositoryRoot().resolve("dataplane/server/src/test/node");
    assertThat(dir.resolve("node_modules/@zilliz/milvus2-sdk-node")).as("run scripts/prereqs.sh to install the Node SDK")
        .exists();
    Path log = Files.createTempFile("node-sdk-auth", ".log");
    Process p = new ProcessBuilder("node", "sdk-auth.mjs", QUIVER.address())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      boolean done = p.waitFor(180, TimeUnit.SECONDS);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(done).as("node finished in time; output:%n%s", output).isTrue();
      assertThat(p.exitValue()).as("node exit code; output:%n%s", output).isZero();
      assertThat(output).contains("\"ok\":true");
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
