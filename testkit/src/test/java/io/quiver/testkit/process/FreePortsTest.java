package io.quiver.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void handsOutDistinctPortsThatCanBeBoundOnLoopback() throws Exception {
        int[] ports = FreePorts.next(20);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(20);
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(FreePorts.LOOPBACK), port));
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
