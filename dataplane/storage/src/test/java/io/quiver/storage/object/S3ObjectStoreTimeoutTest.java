package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server that accepts connections and never answers must not hang a caller. */
class S3ObjectStoreTimeoutTest {

  @Test
  void aServerThatNeverAnswersFailsTheCallRetryablyWithinItsDeadline() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    try {
      Thread acceptor = Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            Socket s = silent.accept();
            synchronized (accepted) {
              accepted.add(s); // keep it open, say nothing
            }
          }
        } catch (IOException e) {
          // closed at the end of the test
        }
      });
      S3Config config = S3Config.of("http://127.0.0.1:" + silent.getLocalPort(), "silent", "ak", "sk")
          .withRequestTimeout(Duration.ofMillis(500))
          .withDeadline(Duration.ofSeconds(2));

      long start = System.nanoTime();
      assertThatThrownBy(() -> S3ObjectStore.open(config))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("HEAD_BUCKET s3://silent")
          .hasMessageContaining("no response within")
          .hasMessageContaining("gave up")
          .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isTrue())
          .satisfies(e -> System.out.println("failed as expected: " + e.getMessage()));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      silent.close();
      acceptor.join();
    } finally {
      silent.close();
      synchronized (accepted) {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }
}
