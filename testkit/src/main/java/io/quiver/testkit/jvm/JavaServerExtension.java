package io.quiver.testkit.jvm;

import io.quiver.testkit.ServiceExtension;
import io.quiver.testkit.process.ManagedProcess;
import io.quiver.testkit.process.ProcessSpec;
import io.quiver.testkit.process.ReadinessProbe;
import io.quiver.testkit.process.TempDirectory;
import java.nio.file.Path;

/**
 * Base for extensions that run a Java server (such as the Quiver data-plane server) in its own
 * JVM: the project's {@link JvmFlags}, a classpath (by default this JVM's), a main class and
 * arguments, in a fresh working directory, with a readiness probe.
 *
 * <p>A subclass chooses its ports in {@link #choosePorts()} (called again after a port clash),
 * says what to run in {@link #command(Path)} and when it is ready in {@link #readiness()}:
 *
 * <pre>{@code
 * final class QuiverServer extends JavaServerExtension {
 *     private volatile int port;
 *     QuiverServer() { super("quiver-server"); }
 *     protected void choosePorts() { port = FreePorts.next(); }
 *     protected JavaProcess.Builder command(Path dir) {
 *         return JavaProcess.builder("quiver-server", "io.quiver.server.cli.Main")
 *                 .args("standalone", "--port", Integer.toString(port), "--data", dir.toString());
 *     }
 *     protected ReadinessProbe readiness() { return ReadinessProbe.tcpPort(port); }
 * }
 * }</pre>
 *
 * <p>Lifecycle and thread safety are those of {@link ServiceExtension}; {@link #kill()} simulates
 * a crash, and before each test a class-level server that was killed is started again.
 */
public abstract class JavaServerExtension extends ServiceExtension {

    private volatile TempDirectory directory;
    private volatile ManagedProcess process;

    /** {@code serviceName} names the process, its directory and its log. */
    protected JavaServerExtension(String serviceName) {
        super(serviceName);
    }

    /** Chooses the ports of a fresh instance (with {@code FreePorts}); called again after a port clash. */
    protected abstract void choosePorts();

    /** What to run; {@code workDirectory} is the instance's fresh directory (also the working directory). */
    protected abstract JavaProcess.Builder command(Path workDirectory);

    /** When the server is ready. */
    protected abstract ReadinessProbe readiness();

    /** Adds environment variables or timeouts to the spec; the default changes nothing. */
    protected ProcessSpec.Builder configure(ProcessSpec.Builder spec, Path workDirectory) {
        return spec;
    }

    @Override
    protected final void allocate() {
        choosePorts();
        directory = TempDirectory.create(serviceName().replaceAll("[^A-Za-z0-9._-]", "_"));
        Path dir = directory.path();
        process = new ManagedProcess(configure(command(dir).spec()
                .workingDirectory(dir)
                .readiness(readiness()), dir).build());
    }

    @Override
    protected final void launch() {
        process.start();
    }

    @Override
    protected final void halt() {
        ManagedProcess current = process;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    protected final void release() {
        TempDirectory current = directory;
        if (current != null) {
            current.close();
        }
    }

    /** Starts the server if it was stopped or killed. */
    @Override
    protected synchronized void repair() {
        if (!isRunning()) {
            start();
        } else if (!process.isAlive()) {
            process.start();
        }
    }

    /** SIGKILLs the server (a crash); {@link #restart()} or the next test's repair brings it back. */
    public void kill() {
        process().kill();
    }

    /** The server process (pid, log file, liveness). */
    public ManagedProcess process() {
        requireAllocated();
        return process;
    }

    /** The pid of the current (or last) run. */
    public long pid() {
        return process().pid();
    }

    /** The instance's directory; kept across restarts, deleted by {@link #close()}. */
    public Path workDirectory() {
        requireAllocated();
        return directory.path();
    }
}
