package io.quiver.testkit.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What to run and how to tell it is ready: the immutable description of a {@link ManagedProcess}.
 *
 * <p>The child inherits this JVM's environment, changed by {@link Builder#env} and
 * {@link Builder#unsetEnv}; stdout and stderr both go, appended, to {@link #logFile()}. Unless
 * set, the log file is a fresh file under {@link #defaultLogDirectory()} named after the process,
 * and it is kept after the process stops, for post-mortems.
 *
 * @param name            short name used in logs, messages and the log file name
 * @param command         the program and its arguments (wrapped by the testkit, see {@link ChildProcesses})
 * @param environment     variables to set in the child on top of the inherited environment
 * @param unsetEnvironment inherited variables to remove in the child
 * @param workingDirectory the child's working directory, or {@code null} for this JVM's
 * @param logFile         where stdout and stderr go (appended; the directory is created)
 * @param readiness       polled after a start until it answers {@code true}
 * @param readyTimeout    how long a start may take before the process is killed and the start fails
 * @param stopTimeout     how long {@link ManagedProcess#stop()} waits after SIGTERM before SIGKILL
 */
public record ProcessSpec(
        String name,
        List<String> command,
        Map<String, String> environment,
        Set<String> unsetEnvironment,
        Path workingDirectory,
        Path logFile,
        ReadinessProbe readiness,
        Duration readyTimeout,
        Duration stopTimeout) {

    private static final AtomicInteger LOG_SEQUENCE = new AtomicInteger();

    /** Validates and copies the collections. */
    public ProcessSpec {
        Objects.requireNonNull(name, "name");
        if (command.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty command");
        }
        command = List.copyOf(command);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        unsetEnvironment = Set.copyOf(unsetEnvironment);
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
    }

    /** A builder for a process called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Where logs go unless a spec names its own file: the system property
     * {@code quiver.testkit.logs} if set, else {@code target/testkit-logs} when the working
     * directory has a {@code target} directory (a Maven module), else
     * {@code ${java.io.tmpdir}/quiver-testkit-logs}.
     */
    public static Path defaultLogDirectory() {
        String configured = System.getProperty("quiver.testkit.logs");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path target = Path.of(System.getProperty("user.dir"), "target");
        if (Files.isDirectory(target)) {
            return target.resolve("testkit-logs");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "quiver-testkit-logs");
    }

    /** Collects the fields of a {@link ProcessSpec}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<String> command = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Set<String> unsetEnvironment = new LinkedHashSet<>();
        private Path workingDirectory;
        private Path logFile;
        private ReadinessProbe readiness = ReadinessProbe.immediately();
        private Duration readyTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(10);

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Replaces the command with {@code command}. */
        public Builder command(List<String> command) {
            this.command.clear();
            this.command.addAll(command);
            return this;
        }

        /** Replaces the command with {@code command}. */
        public Builder command(String... command) {
            return command(List.of(command));
        }

        /** Appends arguments to the command. */
        public Builder args(List<String> args) {
            command.addAll(args);
            return this;
        }

        /** Appends arguments to the command. */
        public Builder args(String... args) {
            return args(List.of(args));
        }

        /** Sets a variable in the child's environment. */
        public Builder env(String key, String value) {
            environment.put(key, Objects.requireNonNull(value, key));
            unsetEnvironment.remove(key);
            return this;
        }

        /** Sets variables in the child's environment. */
        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        /** Removes an inherited variable from the child's environment. */
        public Builder unsetEnv(String key) {
            environment.remove(key);
            unsetEnvironment.add(key);
            return this;
        }

        /** The child's working directory (default: this JVM's). */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /** The file stdout and stderr are appended to (default: see {@link #defaultLogDirectory()}). */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** How to tell the process is ready (default: as soon as it is spawned). */
        public Builder readiness(ReadinessProbe probe) {
            this.readiness = Objects.requireNonNull(probe, "probe");
            return this;
        }

        /** How long a start may take (default 60 s). */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long a stop waits after SIGTERM before SIGKILL (default 10 s). */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The spec; picks a fresh log file name if none was set. */
        public ProcessSpec build() {
            Path log = logFile != null ? logFile
                    : defaultLogDirectory().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_")
                            + "-" + ChildProcesses.ownerPid() + "-" + LOG_SEQUENCE.incrementAndGet() + ".log");
            return new ProcessSpec(name, command, environment, unsetEnvironment, workingDirectory, log,
                    readiness, readyTimeout, stopTimeout);
        }
    }
}
