package io.quiver.testkit;

import io.quiver.testkit.process.ProcessStartException;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Base of the testkit's service extensions: a real service (one or more processes) on free
 * 127.0.0.1 ports, with its own temporary directories, that is always stopped.
 *
 * <p>Use it as a JUnit 5 extension:
 * <ul>
 *   <li>{@code @RegisterExtension static} field: started before the class's first test, closed
 *       after its last one (also when tests fail or time out). Before each test, a service that
 *       an earlier test stopped or partly killed is {@linkplain #repair() repaired}, so tests do
 *       not depend on each other's order;</li>
 *   <li>{@code @RegisterExtension} instance field: started before and closed after each test;</li>
 *   <li>without JUnit: {@link #start()} and, in a finally block or try-with-resources,
 *       {@link #close()}.</li>
 * </ul>
 *
 * <p>Lifecycle: {@link #start()} chooses ports and directories the first time (and again, up to
 * three attempts, if the service reports a port clash), then starts the processes and waits
 * until they are ready. {@link #stop()} stops the processes but keeps ports and directories,
 * so a later {@link #start()} brings the same service back with its data (a simulated outage).
 * {@link #close()} stops and deletes the directories; a {@link #start()} after it starts a
 * fresh instance on new ports.
 *
 * <p>Thread safety: the lifecycle methods are synchronized; accessors of subclasses document
 * their own rules.
 */
public abstract class ServiceExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ServiceExtension.class.getName());
    private static final int START_ATTEMPTS = 3;

    private final String serviceName;
    private boolean allocated;
    private volatile boolean running;
    private String ownerContextId;
    private boolean ownedPerTest;

    /** {@code serviceName} is used in logs and messages. */
    protected ServiceExtension(String serviceName) {
        this.serviceName = serviceName;
    }

    /**
     * Chooses ports and creates directories for a fresh instance. Called before the first start,
     * and again after a failed start that was a port clash (after {@link #release()}).
     */
    protected abstract void allocate();

    /**
     * Starts the processes on the allocated ports and directories and waits until they are
     * ready. If it throws, {@link #halt()} is called, so it may leave processes running.
     */
    protected abstract void launch();

    /** Stops every process that runs (SIGTERM, SIGKILL after a timeout); keeps the directories. Idempotent. */
    protected abstract void halt();

    /** Deletes the instance's directories; called after {@link #halt()}. Idempotent. */
    protected abstract void release();

    /**
     * Brings a started service back to full strength before a test, if an earlier test stopped
     * or killed part of it. The default starts the service if it is stopped; multi-process
     * services also restart dead members.
     */
    protected void repair() {
        if (!running) {
            start();
        }
    }

    /** The name used in logs and messages. */
    public final String serviceName() {
        return serviceName;
    }

    /**
     * Starts the service and waits until it is ready; no-op if it runs.
     *
     * @throws ProcessStartException if it does not start; nothing is left running then
     */
    public final synchronized void start() {
        if (running) {
            return;
        }
        long begin = System.nanoTime();
        if (allocated) {
            launchOrHalt();
        } else {
            for (int attempt = 1; ; attempt++) {
                allocate();
                allocated = true;
                try {
                    launchOrHalt();
                    break;
                } catch (ProcessStartException e) {
                    release();
                    allocated = false;
                    if (!e.isPortClash() || attempt == START_ATTEMPTS) {
                        throw e;
                    }
                    LOG.log(System.Logger.Level.INFO, "{0}: port clash, starting again on other ports", serviceName);
                } catch (RuntimeException | Error e) {
                    release();
                    allocated = false;
                    throw e;
                }
            }
        }
        running = true;
        LOG.log(System.Logger.Level.INFO, "{0} ready in {1} ms", serviceName,
                Long.toString(Duration.ofNanos(System.nanoTime() - begin).toMillis()));
    }

    private void launchOrHalt() {
        try {
            launch();
        } catch (RuntimeException | Error e) {
            try {
                halt();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Stops the processes, keeping ports and data, so {@link #start()} can bring the same
     * service back; no-op if it is not running.
     */
    public final synchronized void stop() {
        if (!allocated) {
            return;
        }
        running = false;
        halt();
    }

    /** {@link #stop()} then {@link #start()}: every process restarts on the same ports and data. */
    public final synchronized void restart() {
        stop();
        start();
    }

    /** Stops the service and deletes its directories; idempotent. */
    @Override
    public final synchronized void close() {
        if (!allocated) {
            return;
        }
        running = false;
        try {
            halt();
        } finally {
            release();
            allocated = false;
        }
    }

    /** Whether the service was started and not stopped since (members may still have been killed). */
    public final boolean isRunning() {
        return running;
    }

    /**
     * Throws unless the service has its ports and directories (started at least once and not
     * closed since); for accessors of ports and directories.
     */
    protected final void requireAllocated() {
        if (!allocated) {
            throw new IllegalStateException(serviceName + " has not been started");
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (this) {
            if (ownerContextId != null) {
                return;
            }
            ownerContextId = context.getUniqueId();
            ownedPerTest = false;
        }
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (this) {
            if (ownedPerTest || !context.getUniqueId().equals(ownerContextId)) {
                return;
            }
            ownerContextId = null;
        }
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        synchronized (this) {
            if (ownerContextId == null) {
                ownerContextId = context.getUniqueId();
                ownedPerTest = true;
                start();
                return;
            }
            if (ownedPerTest) {
                return;
            }
        }
        repair();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        synchronized (this) {
            if (!ownedPerTest || !context.getUniqueId().equals(ownerContextId)) {
                return;
            }
            ownerContextId = null;
            ownedPerTest = false;
        }
        close();
    }
}
