package io.quiver.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The single place where the testkit creates operating-system processes, and the last line of
 * defence that removes them.
 *
 * <p>Three mechanisms make sure no child outlives the test JVM:
 * <ol>
 *   <li>every command is wrapped as {@code setpriv --pdeathsig KILL -- <command>}, so the kernel
 *       sends SIGKILL to the child when its parent dies, even when the JVM itself is SIGKILLed.
 *       The "parent" of {@code PR_SET_PDEATHSIG} is the <em>thread</em> that forked the child,
 *       so every {@link ProcessBuilder#start()} runs on one dedicated platform thread that lives
 *       as long as the JVM;</li>
 *   <li>a JVM shutdown hook SIGKILLs every process still registered here (and its descendants)
 *       and deletes every registered directory;</li>
 *   <li>every child carries the environment variable {@value #MARKER_ENV}{@code =<owner pid>},
 *       which {@code scripts/check-leaks.sh} looks for in {@code /proc/<pid>/environ}.</li>
 * </ol>
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
public final class ChildProcesses {

    /** Environment variable set on every child; its value is the pid of the owning JVM. */
    public static final String MARKER_ENV = "QUIVER_TESTKIT";

    private static final System.Logger LOG = System.getLogger(ChildProcesses.class.getName());
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** Tasks for the spawner thread, the parent (for the kernel) of every child. */
    private static final BlockingQueue<Runnable> SPAWN_QUEUE = new LinkedBlockingQueue<>();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();
    private static final boolean PDEATHSIG = Files.isExecutable(SETPRIV);

    static {
        if (!PDEATHSIG) {
            LOG.log(System.Logger.Level.WARNING, "{0} not found: child processes will not be killed "
                    + "if this JVM is SIGKILLed (they are still killed on normal exit)", SETPRIV);
        }
        Thread.ofPlatform().name("quiver-testkit-spawner").daemon(true).start(ChildProcesses::spawnLoop);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform()
                .name("quiver-testkit-cleanup").unstarted(ChildProcesses::killEverything));
    }

    private ChildProcesses() {
    }

    /** The pid of this JVM, the value of {@value #MARKER_ENV} in every child. */
    public static long ownerPid() {
        return ProcessHandle.current().pid();
    }

    /**
     * The command as it is actually executed: wrapped in {@code setpriv --pdeathsig KILL --}
     * where setpriv exists.
     */
    static List<String> wrap(List<String> command) {
        if (!PDEATHSIG) {
            return List.copyOf(command);
        }
        List<String> wrapped = new ArrayList<>(command.size() + 4);
        wrapped.add(SETPRIV.toString());
        wrapped.add("--pdeathsig");
        wrapped.add("KILL");
        wrapped.add("--");
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Runs the spawner thread's tasks. The thread must outlive every child it started (the
     * kernel signals a child when the thread that forked it exits), so it never returns: it
     * ignores interrupts, and tasks report their failures through their futures.
     */
    private static void spawnLoop() {
        while (true) {
            Runnable task;
            try {
                task = SPAWN_QUEUE.take();
            } catch (InterruptedException e) {
                continue;
            }
            task.run();
        }
    }

    /**
     * Starts {@code builder} on the spawner thread, after wrapping its command (see
     * {@link #wrap}) and marking its environment, and registers the process for the shutdown
     * hook. The caller owns the returned process and must {@link #forget} it once it exited.
     */
    static Process spawn(ProcessBuilder builder) throws IOException {
        builder.command(wrap(builder.command()));
        builder.environment().put(MARKER_ENV, Long.toString(ownerPid()));
        CompletableFuture<Process> started = new CompletableFuture<>();
        SPAWN_QUEUE.add(() -> {
            try {
                Process process = builder.start();
                LIVE.add(process);
                started.complete(process);
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        });
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the start may still complete on the spawner thread: make sure that child does not leak
            started.thenAccept(orphan -> {
                orphan.descendants().forEach(ProcessHandle::destroyForcibly);
                orphan.destroyForcibly();
            });
            throw new IOException("interrupted while starting " + builder.command(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start " + builder.command(), e.getCause());
        }
    }

    /** Removes an exited process from the shutdown hook's list. */
    static void forget(Process process) {
        LIVE.remove(process);
    }

    /** Registers a directory for deletion by the shutdown hook. */
    static void registerDirectory(Path directory) {
        DIRECTORIES.add(directory);
    }

    /** Removes a directory (already deleted by its owner) from the shutdown hook's list. */
    static void forgetDirectory(Path directory) {
        DIRECTORIES.remove(directory);
    }

    private static void killEverything() {
        for (Process process : List.copyOf(LIVE)) {
            if (process.isAlive()) {
                List<ProcessHandle> descendants = process.descendants().toList();
                process.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
                System.err.println("quiver-testkit: killed pid " + process.pid() + " at JVM exit");
            }
        }
        for (Process process : List.copyOf(LIVE)) {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort: the JVM is exiting
            }
        }
        for (Path directory : List.copyOf(DIRECTORIES)) {
            try {
                TempDirectory.deleteRecursively(directory);
            } catch (UncheckedIOException ignored) {
                // best effort: the JVM is exiting
            }
        }
    }
}
