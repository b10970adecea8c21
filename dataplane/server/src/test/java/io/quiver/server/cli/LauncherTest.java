package io.quiver.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/quiver: help, version and unknown commands (none of these builds anything). */
class LauncherTest {

  record Result(int exit, String stdout, String stderr) {}

  static Path launcher() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("bin/quiver"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("repository root with bin/quiver").isNotNull();
    return dir.resolve("bin/quiver");
  }

  static Result run(String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    try {
      List<String> command = new java.util.ArrayList<>(List.of("bash", launcher().toString()));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void helpListsTheCommands() throws Exception {
    Result r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).contains("Usage: quiver <command>", "standalone", "demo", "operator", "control-api", "bench", "version",
        "help");
  }

  @Test
  void unknownCommandExitsWithTwoAndPrintsTheUsage() throws Exception {
    Result r = run("frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("unknown command 'frobnicate'", "Usage: quiver <command>");
  }

  @Test
  void noCommandPrintsTheUsageAndExitsWithTwo() throws Exception {
    Result r = run();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stdout() + r.stderr()).contains("Usage: quiver <command>");
  }

  @Test
  void versionNamesQuiverAndTheJava25Runtime() throws Exception {
    Result r = run("version");
    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).containsPattern("Quiver \\d+\\.\\d+\\.\\d+").containsPattern("Java 2[5-9]");
  }
}
