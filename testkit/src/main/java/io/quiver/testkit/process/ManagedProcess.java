package io.quiver.testkit.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One operating-system process described by a {@link ProcessSpec}: started, probed for readiness,
 * stopped (SIGTERM, then SIGKILL after the spec's stop timeout), killed, and started again.
 *
 * <p>Ownership: whoever creates a {@code ManagedProcess} owns it and must {@link #stop()} or
 * {@link #close()} it. If the owner forgets, the JVM shutdown hook kills it; if the JVM is
 * SIGKILLed, the kernel does (see {@link ChildProcesses}).
 *
 * <p>Lifecycle: {@code new} &rarr; {@link #start()} (or {@link #spawn()} + {@link #awaitReady()})
 * &rarr; {@link #stop()} / {@link #kill()} &rarr; {@link #start()} again, any number of times, with
 * the same spec (and so the same ports, directories and log file, which is appended to).
 *
 * <p>Thread safety: the methods that change state are synchronized; {@link #isAlive()},
 * {@link #pid()} and the log readers may be called from any thread at any time.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ManagedProcess.class.getName());
    private static final int TAIL_LINES = 60;
    private static final long MAX_LOG_READ = 4L << 20;

    private final ProcessSpec spec;
    private volatile Process process;
    private volatile long logOffset;

    /** A process for {@code spec}; nothing runs until {@link #start()}. */
    public ManagedProcess(ProcessSpec spec) {
        this.spec = spec;
    }

    /** Shorthand for {@code new ManagedProcess(spec).start()}. */
    public static ManagedProcess start(ProcessSpec spec) {
        return new ManagedProcess(spec).start();
    }

    /** The spec this process runs. */
    public ProcessSpec spec() {
        return spec;
    }

    /** The process name (from the spec). */
    public String name() {
        return spec.name();
    }

    /**
     * Spawns the process and waits until the readiness probe answers {@code true}.
     *
     * @throws ProcessStartException if it cannot be spawned, exits during start-up or is not
     *     ready within the spec's ready timeout; the process is killed before this is thrown
     * @throws IllegalStateException if it is already running
     */
    public synchronized ManagedProcess start() {
        spawn();
        awaitReady();
        return this;
    }

    /**
     * Spawns the process without waiting for readiness (use {@link #awaitReady()} next), for
     * services whose members must all be running before any of them becomes ready.
     */
    public synchronized ManagedProcess spawn() {
        if (isAlive()) {
            throw new IllegalStateException(spec.name() + " is already running (pid " + process.pid() + ")");
        }
        Path log = spec.logFile();
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "=== quiver-testkit: " + Instant.now() + " starting " + spec.name() + ": "
                            + String.join(" ", spec.command()) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            logOffset = Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log file " + log, e);
        }
        ProcessBuilder builder = new ProcessBuilder(spec.command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (spec.workingDirectory() != null) {
            builder.directory(spec.workingDirectory().toFile());
        }
        builder.environment().putAll(spec.environment());
        spec.unsetEnvironment().forEach(builder.environment()::remove);
        try {
            Process started = ChildProcesses.spawn(builder);
            started.onExit().thenRun(() -> ChildProcesses.forget(started));
            process = started;
        } catch (IOException e) {
            throw new ProcessStartException("cannot start " + spec.name() + ": " + spec.command(), logTail(), e);
        }
        LOG.log(System.Logger.Level.DEBUG, "started {0} (pid {1}), log {2}", spec.name(),
                Long.toString(process.pid()), log);
        return this;
    }

    /**
     * Polls the readiness probe until it answers {@code true}.
     *
     * @throws ProcessStartException if the process exits or is not ready in time (it is killed
     *     first), or the waiting thread is interrupted
     */
    public void awaitReady() {
        Process current = requireStarted();
        long deadline = System.nanoTime() + spec.readyTimeout().toNanos();
        Exception lastProbeError = null;
        long pause = 50;
        while (true) {
            if (!current.isAlive()) {
                throw startFailure(current, "exited with code " + current.exitValue() + " during start-up",
                        lastProbeError);
            }
            try {
                if (spec.readiness().isReady(this)) {
                    return;
                }
                lastProbeError = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw startFailure(current, "start interrupted", e);
            } catch (Exception e) {
                lastProbeError = e;
            }
            if (System.nanoTime() - deadline > 0) {
                kill();
                throw startFailure(current, "was not ready within " + spec.readyTimeout().toMillis() + " ms",
                        lastProbeError);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw startFailure(current, "start interrupted", e);
            }
            pause = Math.min(250, pause * 2);
        }
    }

    private ProcessStartException startFailure(Process failed, String what, Exception cause) {
        String message = spec.name() + " (pid " + failed.pid() + ") " + what
                + (cause == null ? "" : "; last probe error: " + cause)
                + "; log: " + spec.logFile();
        return new ProcessStartException(message, logTail(), cause);
    }

    /**
     * Runs the process to completion: spawns it, waits up to {@code timeout} for it to exit and
     * returns its exit code. For short-lived commands (builds, downloads).
     *
     * @throws ProcessStartException if it cannot be spawned or does not exit in time (it is
     *     killed first)
     */
    public int runToCompletion(Duration timeout) {
        spawn();
        Process current = process;
        try {
            if (!current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw startFailure(current, "did not finish within " + timeout.toMillis() + " ms", null);
            }
            return current.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw startFailure(current, "interrupted", e);
        }
    }

    /**
     * Stops the process: SIGTERM, then SIGKILL if it has not exited within the spec's stop
     * timeout; descendants still alive afterwards are SIGKILLed too. Returns when it has exited.
     * No-op if it is not running.
     */
    public void stop() {
        stop(spec.stopTimeout());
    }

    /** {@link #stop()} with an explicit grace period before SIGKILL. */
    public synchronized void stop(Duration timeout) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = current.descendants().toList();
        current.destroy();
        awaitExit(current, descendants, timeout);
    }

    /**
     * Sends SIGTERM and returns at once; pair with {@link #stop()} (which then only waits) to
     * stop several processes in parallel. No-op if it is not running.
     */
    public void signalStop() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
        }
    }

    /** SIGKILLs the process and its descendants (a crash) and waits until it has exited. No-op if not running. */
    public synchronized void kill() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = current.descendants().toList();
        current.destroyForcibly();
        awaitExit(current, descendants, Duration.ZERO);
    }

    /** {@link #stop()} followed by {@link #start()}. */
    public synchronized ManagedProcess restart() {
        stop();
        return start();
    }

    private void awaitExit(Process current, List<ProcessHandle> descendants, Duration grace) {
        boolean interrupted = false;
        try {
            if (!grace.isZero() && !current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.INFO, "{0} (pid {1}) still running {2} ms after SIGTERM: SIGKILL",
                        spec.name(), Long.toString(current.pid()), Long.toString(grace.toMillis()));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        current.destroyForcibly();
        while (true) {
            try {
                current.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        ChildProcesses.forget(current);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Whether the process is running now. */
    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /**
     * The pid of the current (or last) run.
     *
     * @throws IllegalStateException if it was never started
     */
    public long pid() {
        return requireStarted().pid();
    }

    /** The handle of the current (or last) run, or empty if it was never started. */
    public Optional<ProcessHandle> handle() {
        Process current = process;
        return current == null ? Optional.empty() : Optional.of(current.toHandle());
    }

    /** The exit code of the last run, or empty while it runs or if it never ran. */
    public OptionalInt exitCode() {
        Process current = process;
        return current == null || current.isAlive() ? OptionalInt.empty() : OptionalInt.of(current.exitValue());
    }

    /** The log file (stdout and stderr of every run, appended). */
    public Path logFile() {
        return spec.logFile();
    }

    /** The log written since the last (re)start; at most the last 4 MiB of it. */
    public String logSinceStart() {
        return readLog(logOffset, MAX_LOG_READ);
    }

    /** The last {@code lines} lines of the log ("" if there is none). */
    public String logTail(int lines) {
        List<String> all = readLog(0, 256 * 1024).lines().toList();
        List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
        return tail.isEmpty() ? "" : String.join(System.lineSeparator(), tail) + System.lineSeparator();
    }

    private String logTail() {
        return logTail(TAIL_LINES);
    }

    private String readLog(long from, long maxBytes) {
        Path log = spec.logFile();
        if (!Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long start = Math.max(Math.min(from, length), length - maxBytes);
            byte[] bytes = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private Process requireStarted() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(spec.name() + " was never started");
        }
        return current;
    }

    @Override
    public String toString() {
        Process current = process;
        return spec.name() + (current == null ? " (not started)"
                : " (pid " + current.pid() + (current.isAlive() ? ", running)" : ", exited)"));
    }
}
