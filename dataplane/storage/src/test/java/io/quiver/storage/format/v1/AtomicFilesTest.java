package io.quiver.storage.format.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void replacesTheWholeFile() throws IOException {
    Path file = dir.resolve("f");
    AtomicFiles.write(file, utf8("a much longer first version"));
    AtomicFiles.write(file, utf8("second"));
    assertThat(Files.readString(file)).isEqualTo("second");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aWriteThatFailsMidwayLeavesTheOldContentAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("f");
    AtomicFiles.write(file, utf8("old"));
    assertThatThrownBy(() -> AtomicFiles.write(file, channel -> {
      AtomicFiles.writeFully(channel, utf8("half of the new"));
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(Files.readString(file)).isEqualTo("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void deletesOnlyItsOwnTemporaryFiles() throws IOException {
    Path file = dir.resolve("catalog");
    Files.writeString(dir.resolve("catalog.1f2e3d.tmp"), "torn");
    Files.writeString(dir.resolve("catalog.notours.tmp"), "keep");
    Files.writeString(dir.resolve("other.abc.tmp"), "keep");
    assertThat(AtomicFiles.deleteTempFiles(file)).containsExactly(dir.resolve("catalog.1f2e3d.tmp"));
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(dir.resolve("catalog.notours.tmp"), dir.resolve("other.abc.tmp"));
    }
  }
}
