package io.quiver.testkit.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.testkit.fixtures.EchoMain;
import io.quiver.testkit.process.ManagedProcess;
import io.quiver.testkit.process.ReadinessProbe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProcessTest {

    @TempDir
    Path dir;

    @Test
    void launchesAMainClassWithTheProjectFlagsArgumentsAndEnvironment() {
        try (ManagedProcess echo = ManagedProcess.start(JavaProcess.builder("echo", EchoMain.class.getName())
                .jvmOptions("-Xmx64m")
                .args("one", "two")
                .spec()
                .env("ECHO_VALUE", "from-the-test")
                .workingDirectory(dir)
                .logFile(dir.resolve("echo.log"))
                .readiness(ReadinessProbe.logContains("READY"))
                .build())) {
            String log = echo.logSinceStart();
            assertThat(log).contains("args=one,two", "env=from-the-test",
                    "java=" + System.getProperty("java.specification.version"));
            String jvmLine = log.lines().filter(line -> line.startsWith("jvm=")).findFirst().orElseThrow();
            assertThat(jvmLine).contains(JvmFlags.project()).contains("-Xmx64m");
        }
    }

    @Test
    void buildsAJarCommandLine() {
        assertThat(JavaProcess.jar("tool", Path.of("/opt/tool.jar")).withoutProjectFlags()
                .jvmOptions("-Xmx1g").args("--help").command())
                .containsExactly(JavaProcess.javaExecutable().toString(), "-Xmx1g", "-jar", "/opt/tool.jar", "--help");
    }
}
