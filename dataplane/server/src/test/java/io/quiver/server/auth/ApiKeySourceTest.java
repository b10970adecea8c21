package io.quiver.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeySourceTest {

  HttpServer http;
  final AtomicReference<String> body = new AtomicReference<>();
  final AtomicInteger status = new AtomicInteger(200);
  final AtomicReference<String> seenAuthorization = new AtomicReference<>();
  ApiKeyRegistry registry;
  ApiKeySource source;

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/keys", exchange -> {
      seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    http.start();
    registry = new ApiKeyRegistry(Duration.ofSeconds(60), Clock.systemUTC());
    source = new ApiKeySource(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/keys"), "svc-token",
        Duration.ofSeconds(5), registry);
  }

  @AfterEach
  void stop() {
    source.close();
    http.stop(0);
  }

  @Test
  void installsWhatTheEndpointServesAndSendsTheServiceToken() {
    body.set(ApiKeyRegistryTest.snapshotJson(3, ApiKeyRegistryTest.entry("k1", ApiKeyTokenTest.SECRET, "[\"a\"]", "read", null,
        false)));
    assertThat(source.poll()).isTrue();
    assertThat(seenAuthorization.get()).isEqualTo("Bearer svc-token");
    assertThat(registry.snapshot().orElseThrow().revision()).isEqualTo(3);
    assertThat(registry.snapshot().orElseThrow().ids()).containsExactly("k1");
  }

  @Test
  void failuresKeepTheLastGoodSnapshot() {
    body.set(ApiKeyRegistryTest.snapshotJson(3, ApiKeyRegistryTest.entry("k1", ApiKeyTokenTest.SECRET, "[\"a\"]", "read", null,
        false)));
    assertThat(source.poll()).isTrue();
    status.set(401);
    assertThat(source.poll()).isFalse();
    status.set(500);
    assertThat(source.poll()).isFalse();
    status.set(200);
    body.set("{\"keys\": []}");
    assertThat(source.poll()).isFalse();
    body.set("<html>");
    assertThat(source.poll()).isFalse();
    http.stop(0);
    assertThat(source.poll()).isFalse();
    assertThat(registry.snapshot().orElseThrow().ids()).containsExactly("k1");
  }

  @Test
  void startPollsAtOnceAndThenPeriodically() throws Exception {
    body.set(ApiKeyRegistryTest.snapshotJson(1));
    ApiKeySource fast = new ApiKeySource(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/keys"), "t",
        Duration.ofMillis(100), registry);
    try {
      fast.start();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> registry.snapshot().isPresent());
      body.set(ApiKeyRegistryTest.snapshotJson(2));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> registry.snapshot().orElseThrow().revision() == 2);
    } finally {
      fast.close();
    }
  }
}
