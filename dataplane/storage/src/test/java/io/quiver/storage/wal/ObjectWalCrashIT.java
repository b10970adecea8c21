package io.quiver.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.S3Config;
import io.quiver.storage.object.S3ObjectStore;
import io.quiver.testkit.s3.S3Extension;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a process that appends to an object WAL in S3 (SIGKILL, at random moments, several
 * times on the same shard prefix) and checks after each kill, with a fresh open, that every
 * acknowledged record is replayed exactly once with its content, that LSNs are dense and never
 * go backwards. Each child and each check opens with the next epoch, as a new leader would.
 */
class ObjectWalCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectWalCrashIT.class);
  private static final int ROUNDS = 8;
  private static final String BUCKET = "crash";
  private static final String SHARD = "wal/c1/s0";
  private static final String END = "<end of output>";

  @RegisterExtension
  static final S3Extension s3 = S3Extension.create();

  @TempDir Path work;

  /** An acknowledged record as the child reported it. */
  private record Ack(long lsn, long key, int size, int crc) {}

  @Test
  void acknowledgedRecordsSurviveRepeatedSigkill() throws Exception {
    S3Config config = S3Config.of(s3.endpoint(), BUCKET, s3.accessKey(), s3.secretKey()).withRegion(s3.region())
        .withCreateBucketIfMissing(true);
    long seed = System.nanoTime();
    LOG.info("seed {}", seed);
    SplittableRandom random = new SplittableRandom(seed);
    Map<Long, Ack> acknowledged = new HashMap<>();
    long highestAcknowledged = 0;
    try (S3ObjectStore root = S3ObjectStore.open(config)) {
      ObjectStore shard = root.scoped(SHARD);
      for (int round = 0; round < ROUNDS; round++) {
        long childEpoch = 2L * round + 1;
        List<Ack> acks = runAndKill(childEpoch, random.nextLong(), 1 + random.nextInt(60), random.nextInt(50), round,
            highestAcknowledged);
        for (Ack ack : acks) {
          assertThat(ack.lsn()).as("LSN acknowledged after a restart").isGreaterThan(highestAcknowledged);
          assertThat(acknowledged.put(ack.lsn(), ack)).as("LSN %d acknowledged twice", ack.lsn()).isNull();
        }
        for (Ack ack : acks) {
          highestAcknowledged = Math.max(highestAcknowledged, ack.lsn());
        }
        long replayed = verify(shard, childEpoch + 1, acknowledged, highestAcknowledged);
        LOG.info("round {}: {} acknowledged records survived the kill ({} in total, {} records in the log)", round,
            acks.size(), acknowledged.size(), replayed);
      }
    }
  }

  /** Starts the child, kills it after it acknowledged {@code acksBeforeKill} records and a pause, and returns its acknowledgements. */
  private List<Ack> runAndKill(long epoch, long childSeed, int acksBeforeKill, int pauseMillis, int round,
      long highestAcknowledged) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stderr = work.resolve("child-" + round + ".err");
    ProcessBuilder builder = new ProcessBuilder(
        java.toString(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), ObjectWalCrashChild.class.getName(),
        s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region(), BUCKET, SHARD, Long.toString(epoch),
        Long.toString(childSeed));
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
      Thread.sleep(pauseMillis); // lets the kill land at a random point of a PUT or fence check
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

  /** Opens the log with {@code epoch}, checks it and returns how many records it holds. */
  private static long verify(ObjectStore shard, long epoch, Map<Long, Ack> acknowledged, long highestAcknowledged)
      throws IOException {
    try (ObjectWriteAheadLog log = ObjectWriteAheadLog.open(shard, epoch, ObjectWalOptions.defaults())) {
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
}
