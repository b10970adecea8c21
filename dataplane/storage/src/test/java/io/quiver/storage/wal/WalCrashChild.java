package io.quiver.storage.wal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The process {@link WalCrashIT} kills: opens the log in {@code args[0]} and appends from a few
 * threads until killed, printing {@code READY <nextLsn>} once and then {@code ACK <lsn> <key>
 * <size> <crc32c>} for every acknowledged record, whose bytes are {@code
 * WalTestSupport.record(key, size)}.
 */
public final class WalCrashChild {

  static final WalOptions OPTIONS = WalOptions.defaults().withFileSizeBytes(1 << 20);
  static final int THREADS = 4;

  private WalCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    PrintStream out = new PrintStream(System.out, false);
    FileWriteAheadLog log = FileWriteAheadLog.open(dir, OPTIONS);
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
            // Mostly small records; one in eight takes several writes (see BatchWriter).
            int size = random.nextInt(8) == 0 ? (1 << 20) + random.nextInt(1 << 20) : random.nextInt(64 << 10);
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
