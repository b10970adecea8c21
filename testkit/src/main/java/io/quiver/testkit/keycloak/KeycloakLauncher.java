package io.quiver.testkit.keycloak;

import io.quiver.testkit.Artifacts;
import io.quiver.testkit.jvm.JavaProcess;
import io.quiver.testkit.process.FreePorts;
import io.quiver.testkit.process.ManagedProcess;
import io.quiver.testkit.process.ProcessSpec;
import io.quiver.testkit.process.ProcessStartException;
import io.quiver.testkit.process.ReadinessProbe;
import io.quiver.testkit.process.TempDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * How the testkit runs the Keycloak distribution: the one definition of its build-time options,
 * its runtime options, and its JVM command line.
 *
 * <p>Keycloak is started with {@code java} directly, with the options {@code bin/kc.sh} would use,
 * instead of through {@code kc.sh}: kc.sh runs java as a background child and waits for it
 * (it does not {@code exec}), so the parent-death signal the testkit sets on the processes it
 * starts would reach the shell but not the JVM.
 *
 * <p>Stateless; safe from any thread.
 */
final class KeycloakLauncher {

    /** Build-time options, applied by {@code build} once into the cache; every start uses {@code --optimized}. */
    static final List<String> BUILD_OPTIONS = List.of("--health-enabled=true", "--db=dev-file");

    /** The administrator created in the cached template database (bootstrap admin). */
    static final String ADMIN_USERNAME = "admin";
    static final String ADMIN_PASSWORD = "admin";

    /** What the testkit appends to kc.sh's JVM options (the JAVA_OPTS_APPEND of kc.sh). */
    static final List<String> JAVA_OPTS_APPEND = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            // instead of kc.sh's G1 with both JIT tiers: a warm start takes ~6 s instead of ~12 s
            // on two cores, and a test server never runs long enough to profit from C2
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            // Keycloak's Netty uses sun.misc.Unsafe; keep its log free of the JDK 25 warnings
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    /** kc.sh's default JAVA_OPTS (less its G1 choice), JAVA_OPTS_KC_HEAP, JAVA_ADD_OPENS and JAVA_LOCALE (Keycloak 26.5). */
    private static final List<String> KC_SH_JAVA_OPTS = List.of(
            "-Djava.util.concurrent.ForkJoinPool.common.threadFactory="
                    + "io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory",
            "-XX:MetaspaceSize=96M", "-XX:MaxMetaspaceSize=256m",
            "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-Dsun.err.encoding=UTF-8",
            "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
            "-XX:+ExitOnOutOfMemoryError", "-Djava.security.egd=file:/dev/urandom",
            "-XX:FlightRecorderOptions=stackdepth=512",
            "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
            "-Xms64m", "-Xmx512m",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.security=ALL-UNNAMED",
            "-Duser.language=en", "-Duser.country=US");

    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private KeycloakLauncher() {
    }

    /** The command line kc.sh would run for {@code kcArgs} in the distribution at {@code home}. */
    static List<String> command(Path home, List<String> kcArgs) {
        List<String> command = new ArrayList<>();
        command.add(JavaProcess.javaExecutable().toString());
        command.addAll(KC_SH_JAVA_OPTS);
        command.addAll(JAVA_OPTS_APPEND);
        command.add("-Dkc.home.dir=" + home);
        command.add("-Djboss.server.config.dir=" + home.resolve("conf"));
        command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        command.add("-Dpicocli.disable.closures=true");
        command.add("-Dquarkus-log-max-startup-records=10000");
        command.add("-cp");
        command.add(home.resolve("lib").resolve("quarkus-run.jar").toString());
        command.add("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
        command.addAll(kcArgs);
        return command;
    }

    /** A process spec running {@code kcArgs} in {@code home}, with the bootstrap admin in its environment. */
    static ProcessSpec.Builder spec(String name, Path home, List<String> kcArgs) {
        return ProcessSpec.builder(name)
                .command(command(home, kcArgs))
                .workingDirectory(home)
                .env("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME)
                .env("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD)
                .env("JAVA_OPTS_APPEND", String.join(" ", JAVA_OPTS_APPEND))
                .stopTimeout(STOP_TIMEOUT);
    }

    /** The arguments of an optimized (never rebuilding) start on 127.0.0.1. */
    static List<String> startArgs(int httpPort, int managementPort, boolean importRealms) {
        List<String> args = new ArrayList<>(List.of("start", "--optimized",
                "--http-enabled=true",
                "--http-host=" + FreePorts.LOOPBACK,
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--hostname-strict=false",
                "--cache=local"));
        if (importRealms) {
            args.add("--import-realm");
        }
        return args;
    }

    /** {@code http://127.0.0.1:<management port>/health/ready}. */
    static URI readyUri(int managementPort) {
        return URI.create("http://" + FreePorts.LOOPBACK + ":" + managementPort + "/health/ready");
    }

    /**
     * Builds a cache entry: unpacks the distribution into {@code home}, runs {@code build} with
     * {@link #BUILD_OPTIONS}, then starts it once so it creates its database schema and the
     * bootstrap admin, and keeps that database as {@code templateDatabase}.
     */
    static void prepare(Path home, Path templateDatabase) throws IOException {
        unzip(Artifacts.resolve(Artifacts.KEYCLOAK_DIST), home);
        List<String> buildArgs = new ArrayList<>(List.of("build"));
        buildArgs.addAll(BUILD_OPTIONS);
        ManagedProcess build = new ManagedProcess(spec("keycloak-build", home, buildArgs).build());
        int exit = build.runToCompletion(BUILD_TIMEOUT);
        if (exit != 0) {
            throw new ProcessStartException("kc build " + BUILD_OPTIONS + " failed with exit code " + exit
                    + "; log: " + build.logFile(), build.logTail(60), null);
        }
        for (int attempt = 1; ; attempt++) {
            int httpPort = FreePorts.next();
            int managementPort = FreePorts.next();
            ManagedProcess first = new ManagedProcess(spec("keycloak-template", home,
                    startArgs(httpPort, managementPort, false))
                    .readiness(ReadinessProbe.httpOk(readyUri(managementPort)))
                    .readyTimeout(READY_TIMEOUT)
                    .build());
            try {
                first.start();
                first.stop();
                break;
            } catch (ProcessStartException e) {
                if (!e.isPortClash() || attempt == 3) {
                    throw e;
                }
            }
        }
        Path database = home.resolve("data").resolve("h2").resolve("keycloakdb.mv.db");
        Files.createDirectories(templateDatabase.getParent());
        Files.move(database, templateDatabase, StandardCopyOption.ATOMIC_MOVE);
        TempDirectory.deleteRecursively(home.resolve("data"));
    }

    /** Extracts the distribution zip into {@code home}, dropping its top-level directory. */
    static void unzip(Path zip, Path home) throws IOException {
        Files.createDirectories(home);
        Path root = home.toAbsolutePath().normalize();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path target = root.resolve(name.substring(slash + 1)).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry outside the target directory: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (name.endsWith(".sh")) {
                    target.toFile().setExecutable(true, false);
                }
            }
        }
    }
}
