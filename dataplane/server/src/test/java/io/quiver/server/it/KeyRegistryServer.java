package io.quiver.server.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the control plane's key endpoint (docs/security.md): serves the key list as JSON
 * to callers presenting the service token, and lets a test issue, revoke and expire keys and
 * simulate an outage.
 */
final class KeyRegistryServer implements AutoCloseable {

  static final String TOKEN = "registry-service-token";
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Key(String id, String tenant, List<String> databases, String role, String sha256, Long expiresAt,
      boolean revoked) {}

  private final HttpServer http;
  private final Map<String, Key> keys = new LinkedHashMap<>();
  private long revision = 1;
  private volatile int outage;
  final AtomicInteger requests = new AtomicInteger();

  KeyRegistryServer() {
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.createContext("/internal/v1/api-keys", exchange -> {
      requests.incrementAndGet();
      int status;
      String body;
      if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        status = 401;
        body = "{\"error\":\"unauthorized\"}";
      } else if (outage != 0) {
        status = outage;
        body = "{\"error\":\"unavailable\"}";
      } else {
        status = 200;
        body = json();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    http.start();
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/internal/v1/api-keys";
  }

  /** Issues a key and returns it as the client uses it ({@code qk_<id>_<secret>}). */
  synchronized String issue(String id, String tenant, String role, Long expiresAt, String... databases) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    keys.put(id, new Key(id, tenant, List.of(databases), role, sha256(secret), expiresAt, false));
    revision++;
    return "qk_" + id + "_" + secret;
  }

  synchronized void revoke(String id) {
    Key k = keys.get(id);
    keys.put(id, new Key(k.id, k.tenant, k.databases, k.role, k.sha256, k.expiresAt, true));
    revision++;
  }

  /** Answers every request with {@code status} (0: serve normally again). */
  void outage(int status) {
    outage = status;
  }

  private synchronized String json() {
    StringBuilder sb = new StringBuilder("{\"revision\":").append(revision).append(",\"keys\":[");
    List<String> entries = new ArrayList<>();
    for (Key k : keys.values()) {
      entries.add("{\"id\":\"" + k.id + "\",\"tenant\":\"" + k.tenant + "\",\"databases\":["
          + String.join(",", k.databases.stream().map(d -> "\"" + d + "\"").toList()) + "],\"role\":\"" + k.role
          + "\",\"sha256\":\"" + k.sha256 + "\",\"expiresAt\":" + k.expiresAt + ",\"revoked\":" + k.revoked + "}");
    }
    return sb.append(String.join(",", entries)).append("]}").toString();
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
