package io.quiver.storage.wal;

import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.S3Config;
import io.quiver.storage.object.S3ObjectStore;
import java.io.PrintStream;
import java.util.SplittableRandom;

/**
 * The process {@link ObjectWalCrashIT} kills: opens the object WAL in S3 ({@code args}: endpoint,
 * access key, secret key, region, bucket, shard prefix, epoch, seed) and appends from a few
 * threads until killed, printing {@code READY <nextLsn>} once and then {@code ACK <lsn> <key>
 * <size> <crc32c>} for every acknowledged record, whose bytes are {@code
 * WalTestSupport.record(key, size)}.
 */
public final class ObjectWalCrashChild {

  static final int THREADS = 4;

  private ObjectWalCrashChild() {}

  public static void main(String[] args) throws Exception {
    S3Config config = S3Config.of(args[0], args[4], args[1], args[2]).withRegion(args[3]);
    long epoch = Long.parseLong(args[6]);
    long seed = Long.parseLong(args[7]);
    S3ObjectStore root = S3ObjectStore.open(config);
    ObjectStore shard = root.scoped(args[5]);
    ObjectWriteAheadLog log = ObjectWriteAheadLog.open(shard, epoch, ObjectWalOptions.defaults());
    PrintStream out = new PrintStream(System.out, false);
    synchronized (out) {
      out.println("READY " + log.nextLsn());
      out.flush();
    }
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom random = new SplittableRandom(seed * 31 + t);
      Thread.ofPlatform().start(() -> {
        try {
          while (true) {
            long key = random.nextLong();
            // mostly small records; one in eight large enough to make a batch take a while
            int size = random.nextInt(8) == 0 ? (256 << 10) + random.nextInt(768 << 10) : random.nextInt(16 << 10);
            byte[] bytes = WalTestSupport.record(key, size);
            long lsn = log.appendAndSync(bytes);
            synchronized (out) {
              out.println("ACK " + lsn + " " + key + " " + size + " " + WalTestSupport.crc(bytes));
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
}
