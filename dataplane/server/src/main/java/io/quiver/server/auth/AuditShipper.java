package io.quiver.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships audit events to the control plane's audit endpoint ({@code security.audit.url}, e.g.
 * {@code https://control/api/v1/audit/events}) with {@code Authorization: Bearer <service token>}.
 *
 * <p>{@link #record} never blocks: it offers the event to a bounded queue and returns. One daemon
 * thread takes up to {@value #MAX_BATCH} events at a time and POSTs them as one batch
 * {@code {"batch": "<id>", "events": [...]}}; a batch that fails (unreachable, timeout, HTTP 5xx,
 * 401, 403, 429) is sent again, unchanged and with the same id, after a backoff that doubles from
 * {@value #FIRST_BACKOFF_MS} ms up to {@value #MAX_BACKOFF_MS} ms, so no event is lost while the
 * control plane is away as long as the queue has room. The batch id lets the control plane ignore a
 * batch it already stored (a retry after a lost answer). Only when the queue is full are new
 * events dropped: each drop is counted ({@link #dropped()}) and reported in a WARN at most every
 * {@value #DROP_WARN_INTERVAL_MS} ms with the running count. A batch the endpoint refuses as
 * malformed (another 4xx) cannot succeed by retrying: it is dropped with a WARN and counted too.
 *
 * <p>Every event also stays in the local audit log (the sink this one is combined with).
 */
public final class AuditShipper implements AuditSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditShipper.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_BATCH = 500;
  static final long FIRST_BACKOFF_MS = 200;
  static final long MAX_BACKOFF_MS = 30_000;
  static final long DROP_WARN_INTERVAL_MS = 10_000;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI url;
  private final String token;
  private final BlockingQueue<AuditEvent> queue;
  private final HttpClient http;
  private final Thread sender;
  private final String instance = UUID.randomUUID().toString();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong shipped = new AtomicLong();
  private final AtomicLong lastDropWarn = new AtomicLong(Long.MIN_VALUE);
  private final long firstBackoffMs;
  private volatile boolean closing;
  private String lastError;

  /** Starts the sender thread. */
  public AuditShipper(URI url, String token, int capacity) {
    this(url, token, capacity, FIRST_BACKOFF_MS);
  }

  AuditShipper(URI url, String token, int capacity, long firstBackoffMs) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.url = url;
    this.token = token;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.firstBackoffMs = firstBackoffMs;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.sender = Thread.ofPlatform().daemon().name("quiver-audit-shipper").start(this::run);
  }

  @Override
  public void record(AuditEvent event) {
    if (closing || !queue.offer(event)) {
      long n = dropped.incrementAndGet();
      long now = System.nanoTime() / 1_000_000;
      long last = lastDropWarn.get();
      if ((last == Long.MIN_VALUE || now - last >= DROP_WARN_INTERVAL_MS) && lastDropWarn.compareAndSet(last, now)) {
        LOG.warn("audit queue for {} is full ({} events waiting): dropped {} audit event(s) so far, this one {} {} by {}",
            url, queue.size(), n, event.action(), event.target(), event.actor());
      }
    }
  }

  /** Events dropped because the queue was full (or the endpoint refused them as malformed). */
  public long dropped() {
    return dropped.get();
  }

  /** Events the endpoint accepted. */
  public long shipped() {
    return shipped.get();
  }

  /** Events waiting to be sent. */
  public int pending() {
    return queue.size();
  }

  private void run() {
    List<AuditEvent> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        sendWithRetries(batch);
        batch.clear();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("audit shipping to {} failed unexpectedly; {} event(s) lost", url, batch.size(), e);
        dropped.addAndGet(batch.size());
        batch.clear();
      }
    }
  }

  private void sendWithRetries(List<AuditEvent> batch) throws InterruptedException {
    String id = instance + "-" + batches.incrementAndGet();
    byte[] body = body(id, batch);
    long backoff = firstBackoffMs;
    while (true) {
      Outcome o = send(body);
      if (o == Outcome.SENT) {
        shipped.addAndGet(batch.size());
        if (lastError != null) {
          LOG.info("audit endpoint {} reachable again; {} event(s) waiting", url, queue.size());
          lastError = null;
        }
        return;
      }
      if (o == Outcome.REFUSED) {
        dropped.addAndGet(batch.size());
        return;
      }
      if (closing) {
        // shutting down: one more try is all that is left; count what cannot be delivered
        LOG.warn("audit endpoint {} unreachable while stopping: {} event(s) not shipped (they are in the local audit log)",
            url, batch.size() + queue.size());
        dropped.addAndGet(batch.size() + queue.size());
        queue.clear();
        return;
      }
      Thread.sleep(backoff);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }
  }

  private enum Outcome { SENT, RETRY, REFUSED }

  private Outcome send(byte[] body) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    int status;
    String answer;
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      status = response.statusCode();
      answer = response.body();
    } catch (IOException e) {
      return retry("cannot reach " + url + ": " + e);
    }
    if (status / 100 == 2) {
      return Outcome.SENT;
    }
    String detail = url + " answered HTTP " + status + ": " + abbreviate(answer);
    if (status == 401 || status == 403) {
      return retry(detail + " (check security.api-keys.token)");
    }
    if (status == 408 || status == 429 || status >= 500) {
      return retry(detail);
    }
    LOG.warn("audit endpoint refused a batch as invalid, dropping it: {}", detail);
    return Outcome.REFUSED;
  }

  private Outcome retry(String message) {
    if (!message.equals(lastError)) {
      LOG.warn("audit shipping failed: {}; retrying with backoff ({} event(s) waiting)", message, queue.size());
      lastError = message;
    }
    return Outcome.RETRY;
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  static byte[] body(String batchId, List<AuditEvent> events) {
    ObjectNode root = JSON.createObjectNode();
    root.put("batch", batchId);
    ArrayNode list = root.putArray("events");
    for (AuditEvent e : events) {
      ObjectNode n = list.addObject();
      n.put("time", e.time().toString());
      n.put("actor", e.actor());
      n.put("tenant", e.tenant());
      n.put("action", e.action());
      n.put("target", e.target());
      n.put("result", e.result());
      n.put("source", e.source());
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops taking events and gives the sender up to {@code wait} to deliver what is queued (one
   * attempt per batch once stopping), then stops it.
   */
  public void close(Duration wait) {
    closing = true;
    try {
      sender.join(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (sender.isAlive()) {
      sender.interrupt();
      LOG.warn("audit shipping to {} stopped with {} event(s) not shipped (they are in the local audit log)", url,
          queue.size());
    }
    http.close();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
