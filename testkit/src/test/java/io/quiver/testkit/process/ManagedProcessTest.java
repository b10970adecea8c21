package io.quiver.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @TempDir
    Path dir;

    private ProcessSpec.Builder shell(String name, String script) {
        return ProcessSpec.builder(name)
                .command("/bin/sh", "-c", script)
                .logFile(dir.resolve(name + ".log"));
    }

    @Test
    void runsTheCommandWithItsEnvironmentAndCapturesOutput() throws Exception {
        try (ManagedProcess process = ManagedProcess.start(shell("greeter",
                        "echo \"hello $GREETING\"; echo oops >&2; echo READY; exec sleep 60")
                .env("GREETING", "quiver")
                .readiness(ReadinessProbe.logContains("READY"))
                .build())) {
            assertThat(process.isAlive()).isTrue();
            assertThat(process.logSinceStart()).contains("hello quiver", "oops", "READY");
            assertThat(process.logTail(2)).contains("oops").contains("READY");
        }
    }

    @Test
    void marksTheChildWithTheOwnerPid() throws Exception {
        try (ManagedProcess process = ManagedProcess.start(shell("marked", "echo READY; exec sleep 60")
                .readiness(ReadinessProbe.logContains("READY"))
                .build())) {
            String environ = Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"),
                    StandardCharsets.ISO_8859_1);
            assertThat(List.of(environ.split("\0")))
                    .contains(ChildProcesses.MARKER_ENV + "=" + ProcessHandle.current().pid());
        }
    }

    @Test
    void wrapsEveryCommandSoTheKernelKillsItWhenTheParentDies() {
        assertThat(ChildProcesses.wrap(List.of("etcd", "--name", "n1")))
                .containsExactly("/usr/bin/setpriv", "--pdeathsig", "KILL", "--", "etcd", "--name", "n1");
    }

    @Test
    void stopEscalatesToSigkillWhenSigtermIsIgnored() {
        ManagedProcess process = ManagedProcess.start(shell("stubborn",
                        "trap '' TERM; echo READY; while true; do sleep 0.1; done")
                .readiness(ReadinessProbe.logContains("READY"))
                .stopTimeout(Duration.ofMillis(300))
                .build());
        ProcessHandle shell = process.handle().orElseThrow();

        process.stop();

        assertThat(process.isAlive()).isFalse();
        assertThat(shell.isAlive()).isFalse();
        assertThat(process.exitCode()).hasValue(128 + 9);
    }

    @Test
    void stopLetsAProcessExitCleanlyOnSigterm() {
        ManagedProcess process = ManagedProcess.start(shell("polite", "echo READY; exec sleep 60")
                .readiness(ReadinessProbe.logContains("READY"))
                .build());

        process.stop();

        assertThat(process.exitCode()).hasValue(128 + 15);
    }

    @Test
    void reportsTheLogTailWhenTheProcessExitsDuringStartup() {
        ManagedProcess process = new ManagedProcess(shell("broken",
                        "echo first line; echo the configuration is broken; exit 3")
                .readiness(ReadinessProbe.logContains("never printed"))
                .build());

        assertThatThrownBy(process::start)
                .isInstanceOf(ProcessStartException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("the configuration is broken");
    }

    @Test
    void killsTheProcessWhenItIsNotReadyInTime() {
        ManagedProcess process = new ManagedProcess(shell("slow", "echo still starting; exec sleep 60")
                .readiness(ReadinessProbe.logContains("never printed"))
                .readyTimeout(Duration.ofMillis(500))
                .build());

        assertThatThrownBy(process::start)
                .isInstanceOf(ProcessStartException.class)
                .hasMessageContaining("was not ready within")
                .hasMessageContaining("still starting");
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void recognisesPortClashesInTheLog() {
        assertThat(new ProcessStartException("x", "listen tcp 127.0.0.1:2379: bind: address already in use\n", null)
                .isPortClash()).isTrue();
        assertThat(new ProcessStartException("x", "Port 8080 seems to be in use by another process\n", null)
                .isPortClash()).isTrue();
        assertThat(new ProcessStartException("x", "permission denied\n", null).isPortClash()).isFalse();
    }

    @Test
    void restartRunsTheSameSpecAgainAndAppendsToTheLog() throws Exception {
        try (ManagedProcess process = ManagedProcess.start(shell("again", "echo READY; exec sleep 60")
                .readiness(ReadinessProbe.logContains("READY"))
                .build())) {
            long first = process.pid();

            process.restart();

            assertThat(process.isAlive()).isTrue();
            assertThat(process.pid()).isNotEqualTo(first);
            assertThat(ProcessHandle.of(first)).isEmpty();
            assertThat(Files.readString(process.logFile()).split("starting again", -1)).hasSize(3);
        }
    }

    @Test
    void killSimulatesACrash() {
        ManagedProcess process = ManagedProcess.start(shell("crash", "echo READY; exec sleep 60")
                .readiness(ReadinessProbe.logContains("READY"))
                .build());

        process.kill();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitCode()).hasValue(128 + 9);
    }

    @Test
    void runsShortCommandsToCompletion() {
        ManagedProcess command = new ManagedProcess(shell("short", "echo done; exit 4").build());

        assertThat(command.runToCompletion(Duration.ofSeconds(30))).isEqualTo(4);
        assertThat(command.logSinceStart()).contains("done");
    }
}
