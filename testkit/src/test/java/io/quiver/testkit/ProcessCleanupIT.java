package io.quiver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.quiver.testkit.etcd.EtcdExtension;
import io.quiver.testkit.fixtures.EtcdHolderMain;
import io.quiver.testkit.jvm.JavaProcess;
import io.quiver.testkit.process.ChildProcesses;
import io.quiver.testkit.process.ManagedProcess;
import io.quiver.testkit.process.ReadinessProbe;
import io.quiver.testkit.process.TempDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Proves that services die with the test that started them, whatever happens to it. */
class ProcessCleanupIT {

    /** Starts etcd, then one test fails an assertion and one times out. */
    @ExtendWith(InnerScenario.class)
    static final class FailingEtcdScenario {
        @RegisterExtension
        static final EtcdExtension etcd = EtcdExtension.singleNode();

        static volatile long pid;
        static volatile Path directory;

        @Test
        void failsAnAssertionWhileEtcdRuns() {
            pid = etcd.member(0).pid();
            directory = etcd.directory();
            assertThat(ProcessHandle.of(pid)).isPresent();
            fail("deliberate failure: etcd must still be stopped");
        }

        @Test
        @Timeout(value = 1, unit = TimeUnit.SECONDS)
        void timesOutWhileEtcdRuns() throws InterruptedException {
            Thread.sleep(Duration.ofMinutes(1));
        }
    }

    @Test
    void stopsEtcdAndDeletesItsDirectoryWhenTestsFailOrTimeOut() {
        EngineExecutionResults results = InnerScenario.run(FailingEtcdScenario.class);

        results.testEvents().assertStatistics(stats -> stats.started(2).failed(2).succeeded(0));
        long pid = FailingEtcdScenario.pid;
        assertThat(pid).isPositive();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(FailingEtcdScenario.directory).doesNotExist();
    }

    private static String value(String log, String key) {
        return log.lines().filter(line -> line.startsWith(key + "=")).findFirst()
                .map(line -> line.substring(key.length() + 1))
                .orElseThrow(() -> new AssertionError("no " + key + " in\n" + log));
    }

    private static ProcessHandle liveProcess(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new AssertionError("pid " + pid + " is not running"));
    }

    @Test
    void serviceDiesWhenTheJvmThatStartedItIsSigkilled() throws Exception {
        ManagedProcess holder = ManagedProcess.start(JavaProcess.builder("etcd-holder", EtcdHolderMain.class.getName())
                .args("hold")
                .spec()
                .readiness(ReadinessProbe.logContains("holder-ready"))
                .readyTimeout(Duration.ofSeconds(90))
                .build());
        String log = holder.logSinceStart();
        ProcessHandle etcd = liveProcess(Long.parseLong(value(log, "etcd-pid")));
        Path directory = Path.of(value(log, "etcd-dir"));
        try {
            String environ = Files.readString(Path.of("/proc", Long.toString(etcd.pid()), "environ"),
                    StandardCharsets.ISO_8859_1);
            assertThat(List.of(environ.split("\0"))).contains(ChildProcesses.MARKER_ENV + "=" + holder.pid());

            holder.kill();

            await().atMost(Duration.ofSeconds(30)).until(() -> !etcd.isAlive());
            assertThat(holder.exitCode()).hasValue(128 + 9);
        } finally {
            holder.kill();
            etcd.destroyForcibly();
            TempDirectory.deleteRecursively(directory);
        }
    }

    @Test
    void shutdownHookKillsServicesTheJvmDidNotClose() throws Exception {
        ManagedProcess holder = new ManagedProcess(JavaProcess.builder("etcd-holder-exit", EtcdHolderMain.class.getName())
                .args("exit")
                .spec()
                .build());

        assertThat(holder.runToCompletion(Duration.ofSeconds(90))).isZero();

        String log = holder.logSinceStart();
        long etcdPid = Long.parseLong(value(log, "etcd-pid"));
        assertThat(log).contains("quiver-testkit: killed pid " + etcdPid + " at JVM exit");
        assertThat(ProcessHandle.of(etcdPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(Path.of(value(log, "etcd-dir"))).doesNotExist();
    }
}
