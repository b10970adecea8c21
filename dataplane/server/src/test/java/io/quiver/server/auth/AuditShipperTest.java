package io.quiver.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditShipperTest {

  static final ObjectMapper JSON = new ObjectMapper();

  HttpServer http;
  /** Status to answer; 0: hang until {@link #release} opens. */
  final AtomicInteger status = new AtomicInteger(200);
  final CountDownLatch release = new CountDownLatch(1);
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  AuditShipper shipper;

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    http.createContext("/audit", exchange -> {
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      int s = status.get();
      if (s == 0) {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        s = 200;
      }
      if (s == 200) {
        received.add(body);
      }
      byte[] bytes = "{}".getBytes();
      exchange.sendResponseHeaders(s, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    http.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (shipper != null) {
      shipper.close(Duration.ofSeconds(2));
    }
    http.stop(0);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/audit");
  }

  static AuditEvent event(int i) {
    return new AuditEvent(Instant.parse("2026-01-01T10:00:00Z").plusSeconds(i), "apikey:k1", "acme", "CreateCollection",
        "acme/c" + i, "success", "/127.0.0.1:5000" + i % 10);
  }

  List<JsonNode> events() {
    return received.stream().flatMap(b -> {
      List<JsonNode> out = new java.util.ArrayList<>();
      b.path("events").forEach(out::add);
      return out.stream();
    }).toList();
  }

  @Test
  void shipsEveryEventWithTheServiceTokenInBatches() {
    shipper = new AuditShipper(url(), "svc-token", 1000, 10);
    for (int i = 0; i < 50; i++) {
      shipper.record(event(i));
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 50);
    assertThat(authorizations).allMatch("Bearer svc-token"::equals);
    JsonNode first = events().getFirst();
    assertThat(first.path("time").asText()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(first.path("actor").asText()).isEqualTo("apikey:k1");
    assertThat(first.path("tenant").asText()).isEqualTo("acme");
    assertThat(first.path("action").asText()).isEqualTo("CreateCollection");
    assertThat(first.path("target").asText()).isEqualTo("acme/c0");
    assertThat(first.path("result").asText()).isEqualTo("success");
    assertThat(first.path("source").asText()).isEqualTo("/127.0.0.1:50000");
    assertThat(events().stream().map(e -> e.path("target").asText()).toList())
        .isEqualTo(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "acme/c" + i).toList());
    assertThat(received).allMatch(b -> b.path("batch").asText().matches("[-0-9a-f]{36}-\\d+"));
    assertThat(shipper.shipped()).isEqualTo(50);
    assertThat(shipper.dropped()).isZero();
  }

  @Test
  void anUnavailableEndpointIsRetriedWithTheSameBatchUntilItAnswers() {
    status.set(503);
    shipper = new AuditShipper(url(), "svc-token", 1000, 10);
    shipper.record(event(1));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> authorizations.size() >= 3);
    assertThat(received).isEmpty();
    shipper.record(event(2));
    status.set(200);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 2);
    assertThat(events().stream().map(e -> e.path("target").asText()).toList()).containsExactly("acme/c1", "acme/c2");
    assertThat(shipper.dropped()).isZero();
  }

  @Test
  void aFullQueueDropsAndCountsNewEventsWithoutEverBlockingTheCaller() {
    status.set(0); // the endpoint hangs
    shipper = new AuditShipper(url(), "svc-token", 100, 10);
    shipper.record(event(0));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> authorizations.size() == 1); // one batch in flight
    long started = System.nanoTime();
    for (int i = 1; i <= 1000; i++) {
      shipper.record(event(i));
    }
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(tookMs).as("record never waits for the endpoint").isLessThan(2_000);
    assertThat(shipper.pending()).isEqualTo(100);
    assertThat(shipper.dropped()).isEqualTo(900);
    release.countDown();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 101);
    assertThat(events().getLast().path("target").asText()).isEqualTo("acme/c100");
  }

  @Test
  void aBatchRefusedAsInvalidIsDroppedAndCounted() {
    status.set(400);
    shipper = new AuditShipper(url(), "svc-token", 100, 10);
    shipper.record(event(0));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shipper.dropped() == 1);
    assertThat(authorizations).hasSize(1);
    status.set(200);
    shipper.record(event(1));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events().size() == 1);
    assertThat(events().getFirst().path("target").asText()).isEqualTo("acme/c1");
  }
}
