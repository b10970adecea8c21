package io.quiver.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Both sides of a crash test of a {@link WriteAheadLog}: a child process that appends until it
 * is killed, printing {@code READY <nextLsn>} once and then {@code ACK <lsn> <key> <size>
 * <crc32c>} for every acknowledged record (whose bytes are {@code WalTestSupport.record(key,
 * size)}), and the test that starts it, SIGKILLs it and checks the log afterwards.
 */
final class WalCrashHarness {

  private static final String END = "<end of output>";

  private WalCrashHarness() {}

  /** An acknowledged record as the child reported it. */
  record Ack(long lsn, long key, int size, int crc) {}

  // ---- the child ----

  /**
   * Prints READY, then appends from {@code threads} threads until the process is killed. A
   * failed append ends the process with status 3.
   *
   * @param size the size of the next record of a thread, drawn from its random source
   */
  static void appendUntilKilled(WriteAheadLog log, long seed, int threads, ToIntFunction<SplittableRandom> size) {
    PrintStream out = new PrintStream(System.out, false);
    synchronized (out) {
      out.println("READY " + log.nextLsn());
      out.flush();
    }
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(seed * 31 + t);
      Thread.ofPlatform().start(() -> {
        try {
          while (true) {
            long key = random.nextLong();
            int bytes = size.applyAsInt(random);
            byte[] record = WalTestSupport.record(key, bytes);
            long lsn = log.appendAndSync(record);
            synchronized (out) {
              out.println("ACK " + lsn + " " + key + " " + bytes + " " + WalTestSupport.crc(record));
              out.flush();
            }
          }
        } catch (Throwable e) {
          e.printStackTrace();
          System.exit(3);
        }
      });
    }
  }

  // ---- the test ----

  /**
   * Starts {@code mainClass} with {@code args} in a new JVM on the test class path, kills it
   * (SIGKILL) after it acknowledged {@code acksBeforeKill} records and a pause of {@code
   * pauseMillis}, and returns every acknowledgement it printed. Checks that it reported a next
   * LSN above {@code highestAcknowledged}.
   */
  static List<Ack> runAndKill(Class<?> mainClass, List<String> args, Path stderr, int acksBeforeKill,
      int pauseMillis, long highestAcknowledged) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(args);
    Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = Thread.ofPlatform().start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process died; what was read is all there is
      } finally {
        lines.add(END);
      }
    });
    List<Ack> acks = new ArrayList<>();
    try {
      String ready = nextLine(lines, child, stderr);
      assertThat(ready).startsWith("READY ");
      assertThat(Long.parseLong(ready.substring(6))).as("next LSN after reopening").isGreaterThan(highestAcknowledged);
      while (acks.size() < acksBeforeKill) {
        parse(nextLine(lines, child, stderr), acks);
      }
      Thread.sleep(pauseMillis); // lets the kill land at a random point of a write
    } finally {
      child.destroyForcibly();
      child.waitFor(60, TimeUnit.SECONDS);
    }
    reader.join(TimeUnit.SECONDS.toMillis(60));
    for (String line; !END.equals(line = lines.poll()); ) {
      parse(line, acks);
    }
    return acks;
  }

  /** The next READY or ACK line; other output (logging) is skipped. */
  private static String nextLine(BlockingQueue<String> lines, Process child, Path stderr) throws Exception {
    while (true) {
      String line = lines.poll(90, TimeUnit.SECONDS);
      if (line == null || line.equals(END)) {
        throw new AssertionError("the child stopped printing (alive: " + child.isAlive() + "); stderr:\n"
            + Files.readString(stderr));
      }
      if (line.startsWith("READY ") || line.startsWith("ACK ")) {
        return line;
      }
    }
  }

  /** Adds the acknowledgement on {@code line}; a line cut short by the kill is ignored. */
  private static void parse(String line, List<Ack> acks) {
    String[] parts = line.split(" ");
    if (parts.length == 5 && parts[0].equals("ACK") && !parts[4].isEmpty()) {
      try {
        acks.add(new Ack(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Integer.parseInt(parts[3]),
            Integer.parseInt(parts[4])));
      } catch (NumberFormatException e) {
        // cut short
      }
    }
  }

  /**
   * Replays all of {@code log} and checks that LSNs are dense from its first LSN to its next,
   * that every acknowledged record is there exactly once with its content, and that the next LSN
   * is above {@code highestAcknowledged}. Returns how many records it holds.
   */
  static long verifyReplay(WriteAheadLog log, Map<Long, Ack> acknowledged, long highestAcknowledged)
      throws IOException {
    assertThat(log.nextLsn()).isGreaterThan(highestAcknowledged);
    Map<Long, Integer> seen = new HashMap<>();
    long[] expectedLsn = {log.firstLsn()};
    log.replay(0, (lsn, record) -> {
      assertThat(lsn).as("replayed LSNs are dense and increasing").isEqualTo(expectedLsn[0]++);
      Ack ack = acknowledged.get(lsn);
      if (ack != null) {
        byte[] bytes = WalTestSupport.bytes(record);
        assertThat(bytes.length).isEqualTo(ack.size());
        assertThat(WalTestSupport.crc(bytes)).isEqualTo(ack.crc());
        assertThat(bytes).isEqualTo(WalTestSupport.record(ack.key(), ack.size()));
      }
      seen.merge(lsn, 1, Integer::sum);
    });
    assertThat(expectedLsn[0]).isEqualTo(log.nextLsn());
    for (Ack ack : acknowledged.values()) {
      assertThat(seen.get(ack.lsn())).as("acknowledged LSN %d replayed once", ack.lsn()).isEqualTo(1);
    }
    return seen.size();
  }
}
