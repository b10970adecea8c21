package io.quiver.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a process that appends to a log (SIGKILL, at random moments, 20 times on the same
 * directory) and checks after each kill that every acknowledged record is replayed exactly once
 * with its content, and that LSNs never go backwards.
 *
 * <p>A killed process loses nothing the kernel accepted, so a kill tears a batch only between
 * the writes of one batch (batches above {@link BatchWriter#STAGING_BYTES} take several); the
 * child's large records make that happen now and then. Torn tails at every byte are covered by
 * {@link WalRecoveryTest}.
 */
class WalCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(WalCrashIT.class);
  private static final int ROUNDS = 20;
  private static final String END = "<end of output>";

  @TempDir Path work;

  /** An acknowledged record as the child reported it. */
  private record Ack(long lsn, long key, int size, int crc) {}

  @Test
  void acknowledgedRecordsSurviveRepeatedSigkill() throws Exception {
    Path dir = work.resolve("wal");
    long seed = System.nanoTime();
    LOG.info("seed {}", seed);
    SplittableRandom random = new SplittableRandom(seed);
    Map<Long, Ack> acknowledged = new HashMap<>();
    long highestAcknowledged = 0;
    for (int round = 0; round < ROUNDS; round++) {
      List<Ack> acks = runAndKill(dir, random.nextLong(), 1 + random.nextInt(40), random.nextInt(30), round, highestAcknowledged);
      for (Ack ack : acks) {
        assertThat(ack.lsn()).as("LSN acknowledged after a restart").isGreaterThan(highestAcknowledged);
        assertThat(acknowledged.put(ack.lsn(), ack)).as("LSN %d acknowledged twice", ack.lsn()).isNull();
      }
      for (Ack ack : acks) {
        highestAcknowledged = Math.max(highestAcknowledged, ack.lsn());
      }
      long tornBytes = verify(dir, acknowledged, highestAcknowledged);
      LOG.info("round {}: {} acknowledged records survived the kill ({} in total); recovery cut {} bytes of torn tail",
          round, acks.size(), acknowledged.size(), tornBytes);
    }
  }

  /** Starts the child, kills it after it acknowledged {@code acksBeforeKill} records and a pause, and returns its acknowledgements. */
  private List<Ack> runAndKill(Path dir, long childSeed, int acksBeforeKill, int pauseMillis, int round, long highestAcknowledged)
      throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stderr = work.resolve("child-" + round + ".err");
    ProcessBuilder builder = new ProcessBuilder(
        java.toString(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        WalCrashChild.class.getName(), dir.toString(), Long.toString(childSeed));
    builder.redirectError(stderr.toFile());
    Process child = builder.start();
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
      Thread.sleep(pauseMillis); // lets the kill land at a random point of a write or sync
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
      String line = lines.poll(60, TimeUnit.SECONDS);
      if (line == null || line.equals(END)) {
        throw new AssertionError("the child stopped printing (alive: " + child.isAlive() + "); stderr:\n" + Files.readString(stderr));
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
        acks.add(new Ack(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Integer.parseInt(parts[3]), Integer.parseInt(parts[4])));
      } catch (NumberFormatException e) {
        // cut short
      }
    }
  }

  /** Checks the log in {@code dir} and returns the bytes recovery cut off. */
  private static long verify(Path dir, Map<Long, Ack> acknowledged, long highestAcknowledged) throws IOException {
    long bytesBefore = 0;
    for (long firstLsn : WalFiles.list(dir)) {
      bytesBefore += Files.size(WalTestSupport.walFile(dir, firstLsn));
    }
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, WalCrashChild.OPTIONS)) {
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
      return bytesBefore - log.bytesOnDisk();
    }
  }
}
