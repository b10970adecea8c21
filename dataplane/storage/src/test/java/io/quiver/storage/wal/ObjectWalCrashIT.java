package io.quiver.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.S3Config;
import io.quiver.storage.object.S3ObjectStore;
import io.quiver.storage.wal.WalCrashHarness.Ack;
import io.quiver.testkit.s3.S3Extension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

  @RegisterExtension
  static final S3Extension s3 = S3Extension.create();

  @TempDir Path work;

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
        List<String> args = List.of(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region(), BUCKET, SHARD,
            Long.toString(childEpoch), Long.toString(random.nextLong()));
        List<Ack> acks = WalCrashHarness.runAndKill(ObjectWalCrashChild.class, args, work.resolve("child-" + round + ".err"),
            1 + random.nextInt(60), random.nextInt(50), highestAcknowledged);
        for (Ack ack : acks) {
          assertThat(ack.lsn()).as("LSN acknowledged after a restart").isGreaterThan(highestAcknowledged);
          assertThat(acknowledged.put(ack.lsn(), ack)).as("LSN %d acknowledged twice", ack.lsn()).isNull();
        }
        for (Ack ack : acks) {
          highestAcknowledged = Math.max(highestAcknowledged, ack.lsn());
        }
        long records;
        try (ObjectWriteAheadLog log = ObjectWriteAheadLog.open(shard, childEpoch + 1, ObjectWalOptions.defaults())) {
          records = WalCrashHarness.verifyReplay(log, acknowledged, highestAcknowledged);
        }
        LOG.info("round {}: {} acknowledged records survived the kill ({} in total, {} records in the log)", round,
            acks.size(), acknowledged.size(), records);
      }
    }
  }
}
