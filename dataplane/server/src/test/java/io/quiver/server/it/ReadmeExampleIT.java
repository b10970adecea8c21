package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Java example in the README runs as written against a real server. */
class ReadmeExampleIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/env.sh"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  static String block(String text, String start, String end) {
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    assertThat(from).as("marker %s", start).isGreaterThanOrEqualTo(0);
    return text.substring(from + start.length(), to).strip();
  }

  @Test
  void readmeShowsTheExampleVerbatim() throws Exception {
    String source = Files.readString(repositoryRoot().resolve(
        "dataplane/server/src/test/java/io/quiver/server/it/ReadmeExample.java"));
    String example = block(source, "// README-EXAMPLE-START", "// README-EXAMPLE-END");
    String readme = Files.readString(repositoryRoot().resolve("README.md"));
    assertThat(readme).contains(example);
  }

  @Test
  void exampleRunsAndFindsTheFilteredNeighbour() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      ReadmeExample.main(new String[] {QUIVER.uri()});
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    // COSINE (the quick-setup default): "pears" (2023) is closest among rows with year >= 2022.
    assertThat(printed.lines().toList()).hasSize(2);
    assertThat(printed.lines().findFirst().orElseThrow()).startsWith("2 ").contains("title=pears", "year=2023");
  }
}
