package io.quiver.server.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the control plane's key endpoint ({@code security.api-keys.url}) every refresh interval
 * with {@code Authorization: Bearer <security.api-keys.token>} and installs each good answer in
 * the {@link ApiKeyRegistry}. A failed poll (unreachable, non-200, malformed) leaves the last good
 * snapshot in place; the registry refuses keys once that snapshot is older than the maximum
 * staleness.
 *
 * <p>Polls run at a fixed rate on one daemon thread, each bounded by a request timeout of at most
 * 4 s, so a revocation published at the source is in force within {@code refresh + 4 s} at worst
 * (under 10 s with the default refresh of 5 s).
 */
public final class ApiKeySource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeySource.class);
  /** Largest response accepted. */
  static final int MAX_BYTES = 16 << 20;

  private final URI url;
  private final String token;
  private final Duration refresh;
  private final Duration timeout;
  private final ApiKeyRegistry registry;
  private final HttpClient http;
  private final ScheduledExecutorService timer;
  private volatile String lastError;

  public ApiKeySource(URI url, String token, Duration refresh, ApiKeyRegistry registry) {
    this.url = url;
    this.token = token;
    this.refresh = refresh;
    this.timeout = Duration.ofMillis(Math.max(500, Math.min(4_000, refresh.toMillis())));
    this.registry = registry;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "quiver-api-keys");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts polling (the first poll runs at once). */
  public void start() {
    timer.scheduleAtFixedRate(this::pollQuietly, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      fail("unexpected failure: " + e);
    }
  }

  /** Fetches the registry once; returns whether a snapshot was installed. */
  public boolean poll() {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Authorization", "Bearer " + token)
        .header("Accept", "application/json").GET().build();
    byte[] body;
    int status;
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      status = response.statusCode();
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_BYTES + 1);
      }
    } catch (IOException e) {
      return fail("cannot reach " + url + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (status != 200) {
      return fail(url + " answered HTTP " + status + (status == 401 || status == 403 ? " (check security.api-keys.token)" : ""));
    }
    if (body.length > MAX_BYTES) {
      return fail(url + " answered more than " + MAX_BYTES + " bytes");
    }
    ApiKeySnapshot snapshot;
    try {
      snapshot = ApiKeySnapshot.parse(body);
    } catch (IllegalArgumentException e) {
      return fail(e.getMessage());
    }
    for (String r : snapshot.rejected()) {
      LOG.warn("key registry revision {}: {}", snapshot.revision(), r);
    }
    boolean installed = registry.update(snapshot);
    if (lastError != null) {
      LOG.info("key registry reachable again at {} (revision {}, {} keys)", url, snapshot.revision(), snapshot.keys().size());
      lastError = null;
    }
    return installed;
  }

  private boolean fail(String message) {
    if (!message.equals(lastError)) {
      LOG.warn("key registry refresh failed: {}; keeping the last good snapshot (age {})", message,
          registry.age().map(d -> d.toSeconds() + " s").orElse("none loaded yet"));
    }
    lastError = message;
    return false;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    http.close();
  }
}
