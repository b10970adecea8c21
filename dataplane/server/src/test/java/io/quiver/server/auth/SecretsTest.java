package io.quiver.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Secret material is compared only in constant time. */
class SecretsTest {

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/env.sh"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  static Path sources() {
    return repositoryRoot().resolve("dataplane/server/src/main/java/io/quiver/server/auth");
  }

  @Test
  void constantTimeEqualsComparesContents() {
    assertThat(Secrets.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2, 3})).isTrue();
    assertThat(Secrets.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2, 4})).isFalse();
    assertThat(Secrets.constantTimeEquals(new byte[] {1, 2, 3}, new byte[] {1, 2})).isFalse();
    assertThat(Secrets.constantTimeEquals(null, new byte[0])).isFalse();
    assertThat(Secrets.hex(Secrets.sha256("abc"))).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void theAuthPackageComparesSecretsOnlyThroughConstantTimeEquals() throws Exception {
    try (Stream<Path> files = Files.list(sources())) {
      for (Path f : files.toList()) {
        String code = Files.readString(f);
        assertThat(code).as(f.getFileName().toString()).doesNotContain("Arrays.equals(").doesNotContain("Arrays.compare(")
            .doesNotContain("Arrays.mismatch(");
      }
    }
    assertThat(Files.readString(sources().resolve("Secrets.java"))).contains("MessageDigest.isEqual(a, b)");
    for (String f : List.of("PasswordHasher.java", "ApiKeyRegistry.java", "RbacStore.java")) {
      assertThat(Files.readString(sources().resolve(f))).as(f).contains("Secrets.constantTimeEquals(");
    }
  }
}
