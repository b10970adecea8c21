package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a script of dataplane/server/src/test/node with Node.js against a server and checks it reported success. */
final class NodeScript {

  private NodeScript() {}

  /** Runs {@code script} with the server address as its argument; it must exit 0 and print {@code "ok":true}. */
  static void runAndExpectOk(String script, String address) throws Exception {
    Path dir = ReadmeExampleIT.repositoryRoot().resolve("dataplane/server/src/test/node");
    assertThat(dir.resolve("node_modules/@zilliz/milvus2-sdk-node")).as("run scripts/prereqs.sh to install the Node SDK")
        .exists();
    Path log = Files.createTempFile("node-" + script, ".log");
    Process p = new ProcessBuilder("node", script, address)
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
