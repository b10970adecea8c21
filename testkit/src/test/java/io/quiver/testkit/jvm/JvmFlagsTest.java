package io.quiver.testkit.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmFlagsTest {

    @TempDir
    Path dir;

    @Test
    void prefersTheEnvironmentVariable() {
        assertThat(JvmFlags.resolve("  --enable-preview   -Xmx1g ", dir)).containsExactly("--enable-preview", "-Xmx1g");
    }

    @Test
    void readsTheRootPomPropertyWalkingUpFromTheWorkingDirectory() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), """
                <project><properties>
                  <quiver.jvm.flags>--add-opens=java.base/java.nio=ALL-UNNAMED --add-modules=jdk.incubator.vector</quiver.jvm.flags>
                </properties>
                <build><argLine>${quiver.jvm.flags}</argLine></build></project>
                """);
        Path module = Files.createDirectories(dir.resolve("dataplane/server"));
        Files.writeString(module.resolve("pom.xml"), "<project><artifactId>server</artifactId></project>");

        assertThat(JvmFlags.resolve(null, module))
                .containsExactly("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-modules=jdk.incubator.vector");
        assertThat(JvmFlags.resolve("", module)).hasSize(2);
    }

    @Test
    void failsClearlyWithoutEnvironmentOrPom() {
        assertThatThrownBy(() -> JvmFlags.resolve(null, dir.resolve("nowhere")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(JvmFlags.ENV);
    }

    @Test
    void theProjectFlagsComeFromThisRepository() {
        assertThat(JvmFlags.project()).contains("--enable-native-access=ALL-UNNAMED");
    }
}
