package io.quiver.testkit.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.function.IntPredicate;

/**
 * Decides whether a started process is ready to serve. {@link ManagedProcess} polls it until it
 * answers {@code true}, the process exits, or the ready timeout passes.
 *
 * <p>An exception thrown by {@link #isReady} counts as "not ready yet" (connection refused is
 * the usual answer while a server starts). Implementations must return within a few seconds.
 */
@FunctionalInterface
public interface ReadinessProbe {

    /** Whether {@code process} is ready; called repeatedly, from the thread that waits. */
    boolean isReady(ManagedProcess process) throws Exception;

    /** Ready as soon as the process was spawned. */
    static ReadinessProbe immediately() {
        return process -> true;
    }

    /** Ready when a TCP connection to 127.0.0.1:{@code port} succeeds. */
    static ReadinessProbe tcpPort(int port) {
        return process -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** Ready when a GET of {@code uri} answers with a status that {@code acceptedStatus} accepts. */
    static ReadinessProbe httpStatus(URI uri, IntPredicate acceptedStatus) {
        return process -> acceptedStatus.test(LoopbackHttp.get(uri).statusCode());
    }

    /** Ready when a GET of {@code uri} answers 2xx. */
    static ReadinessProbe httpOk(URI uri) {
        return httpStatus(uri, status -> status >= 200 && status < 300);
    }

    /** Ready when the log written since the last (re)start contains {@code text}. */
    static ReadinessProbe logContains(String text) {
        return process -> process.logSinceStart().contains(text);
    }
}
