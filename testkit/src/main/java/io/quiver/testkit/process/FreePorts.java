package io.quiver.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on 127.0.0.1, found by binding port 0 and closing the socket again.
 *
 * <p>A port is free only at the moment it is checked; another process may take it before the
 * service binds it. Callers therefore retry the whole service start on a port clash (see
 * {@link ProcessStartException#isPortClash()}). Within this JVM a port is never handed out
 * twice, so two services started at the same time cannot clash with each other.
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 50;

    private FreePorts() {
    }

    /** The loopback address every testkit service binds to. */
    public static final String LOOPBACK = "127.0.0.1";

    /** A port on 127.0.0.1 that was free a moment ago and was not handed out before. */
    public static int next() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0), 1);
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a port on " + LOOPBACK, e);
            }
        }
        throw new IllegalStateException("no unused free port on " + LOOPBACK + " after " + ATTEMPTS + " attempts");
    }

    /** {@code count} distinct ports, see {@link #next()}. */
    public static int[] next(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = next();
        }
        return ports;
    }
}
