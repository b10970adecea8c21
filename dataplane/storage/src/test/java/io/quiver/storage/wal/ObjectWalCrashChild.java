package io.quiver.storage.wal;

import io.quiver.storage.object.S3Config;
import io.quiver.storage.object.S3ObjectStore;

/**
 * The process {@link ObjectWalCrashIT} kills: opens the object WAL in S3 ({@code args}: endpoint,
 * access key, secret key, region, bucket, shard prefix, epoch, seed) and appends from a few
 * threads until killed, as {@link WalCrashHarness#appendUntilKilled} describes.
 */
public final class ObjectWalCrashChild {

  private ObjectWalCrashChild() {}

  public static void main(String[] args) throws Exception {
    S3Config config = S3Config.of(args[0], args[4], args[1], args[2]).withRegion(args[3]);
    S3ObjectStore root = S3ObjectStore.open(config);
    ObjectWriteAheadLog log =
        ObjectWriteAheadLog.open(root.scoped(args[5]), Long.parseLong(args[6]), ObjectWalOptions.defaults());
    // mostly small records; one in eight large enough to make a batch take a while
    WalCrashHarness.appendUntilKilled(log, Long.parseLong(args[7]), 4,
        random -> random.nextInt(8) == 0 ? (256 << 10) + random.nextInt(768 << 10) : random.nextInt(16 << 10));
  }
}
