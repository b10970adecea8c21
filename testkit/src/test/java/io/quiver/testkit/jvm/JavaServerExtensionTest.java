package io.quiver.testkit.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.testkit.fixtures.EchoServerMain;
import io.quiver.testkit.process.FreePorts;
import io.quiver.testkit.process.ReadinessProbe;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JavaServerExtensionTest {

    /** How another module plugs its server main class into the testkit. */
    static final class EchoServer extends JavaServerExtension {
        private volatile int port;

        EchoServer() {
            super("echo-server");
        }

        @Override
        protected void choosePorts() {
            port = FreePorts.next();
        }

        @Override
        protected JavaProcess.Builder command(Path workDirectory) {
            return JavaProcess.builder(serviceName(), EchoServerMain.class.getName())
                    .jvmOptions("-Xmx64m")
                    .args(Integer.toString(port));
        }

        @Override
        protected ReadinessProbe readiness() {
            return ReadinessProbe.tcpPort(port);
        }

        int port() {
            return port;
        }
    }

    @RegisterExtension
    static final EchoServer server = new EchoServer();

    private static String echo(int port, String line) throws Exception {
        try (Socket socket = new Socket(FreePorts.LOOPBACK, port);
             PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            out.println(line);
            return in.readLine();
        }
    }

    @Test
    void runsTheServerMainClassUntilTheClassEnds() throws Exception {
        assertThat(server.isRunning()).isTrue();
        assertThat(echo(server.port(), "hello")).isEqualTo("hello");
        assertThat(server.workDirectory()).isDirectory();
        assertThat(server.process().logSinceStart()).contains("listening on " + server.port());
    }

    @Test
    void comesBackOnTheSamePortAfterACrash() throws Exception {
        long crashed = server.pid();
        int port = server.port();

        server.kill();
        assertThat(server.process().isAlive()).isFalse();
        server.restart();

        assertThat(server.pid()).isNotEqualTo(crashed);
        assertThat(server.port()).isEqualTo(port);
        assertThat(echo(port, "again")).isEqualTo("again");
    }
}
