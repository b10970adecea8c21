package io.quiver.control.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ControlApiMainTest {

  @TempDir
  Path dir;

  static String[] run(String... args) {
    CommandLine cli = ControlApiMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void helpListsTheOptions() {
    String[] r = run("--help");

    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).contains("--port", "--config", "--set", "--data-dir", "control.oidc.issuer");
  }

  @Test
  void aMissingRequiredKeyExitsWith2NamingTheKeys() {
    String[] r = run("--port", "0", "--data-dir", dir.toString(), "--set", "control.oidc.audience=quiver-api",
        "--set", "control.oidc.algorithms=HS256");

    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("control.oidc.issuer is required", "control.oidc.algorithms: HS256 is not allowed",
        "control.api-keys.registry-token is required").doesNotContain("at io.");
  }
}
