package io.quiver.storage.object;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on 127.0.0.1 in front of a server, passing bytes through unchanged (so S3
 * signatures stay valid), that can break a connection after a given number of bytes in one
 * direction: the way a network failure in the middle of a transfer looks to a client.
 *
 * <p>Thread safety: the arming methods may be called from any thread.
 */
final class FaultProxy implements AutoCloseable {

  /** Which way bytes flow. */
  enum Direction {
    TO_SERVER,
    TO_CLIENT
  }

  private static final Pattern RANGE = Pattern.compile("(?im)^range: *([^\r\n]*)");
  private static final Pattern IF_MATCH = Pattern.compile("(?im)^if-match: ");

  private final int targetPort;
  private final ServerSocket listener;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  /** Bytes still allowed in the armed direction before the connection is cut; negative when not armed. */
  private final AtomicLong budget = new AtomicLong(-1);
  private volatile Direction armed;
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicLong toClient = new AtomicLong();
  private final AtomicLong toServer = new AtomicLong();
  private final List<String> ranges = new CopyOnWriteArrayList<>();

  FaultProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("fault-proxy-accept").start(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** The next {@code bytes} bytes in {@code direction} pass; then that connection is closed, once. */
  void cutAfter(Direction direction, long bytes) {
    armed = direction;
    budget.set(bytes);
  }

  /** How many connections were cut. */
  int cuts() {
    return cuts.get();
  }

  /** Bytes passed in {@code direction} since the last {@link #resetCounters()}. */
  long bytes(Direction direction) {
    return direction == Direction.TO_CLIENT ? toClient.get() : toServer.get();
  }

  void resetCounters() {
    toClient.set(0);
    toServer.set(0);
    ranges.clear();
  }

  /**
   * The {@code Range} headers of the requests seen since the last {@link #resetCounters()}, each
   * with {@code " if-match"} appended when the request also had an {@code If-Match} header.
   */
  List<String> ranges() {
    return List.copyOf(ranges);
  }

  private void acceptLoop() {
    try {
      while (!listener.isClosed()) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        Thread.ofPlatform().daemon().start(() -> pump(client, server, Direction.TO_SERVER));
        Thread.ofPlatform().daemon().start(() -> pump(server, client, Direction.TO_CLIENT));
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void pump(Socket from, Socket to, Direction direction) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (direction == Direction.TO_SERVER) {
          recordRange(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
        if (armed == direction) {
          long left = budget.get();
          if (left >= 0 && left < n) {
            if (budget.compareAndSet(left, -1)) {
              out.write(buffer, 0, (int) left);
              out.flush();
              count(direction, left);
              cuts.incrementAndGet();
              from.setSoLinger(true, 0); // reset, as a broken network would
              from.close();
              to.setSoLinger(true, 0);
              to.close();
              return;
            }
          } else if (left >= 0) {
            budget.addAndGet(-n);
          }
        }
        out.write(buffer, 0, n);
        out.flush();
        count(direction, n);
      }
    } catch (IOException e) {
      // the other side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void recordRange(String chunk) {
    Matcher m = RANGE.matcher(chunk);
    if (m.find()) {
      ranges.add(m.group(1).trim() + (IF_MATCH.matcher(chunk).find() ? " if-match" : ""));
    }
  }

  private void count(Direction direction, long n) {
    (direction == Direction.TO_CLIENT ? toClient : toServer).addAndGet(n);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}
