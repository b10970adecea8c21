package io.quiver.storage.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prints append throughput with fsync for 1 KiB and 1 MiB records, from 1 and 8 threads that
 * each wait for their record to be durable before appending the next (as clients do). A
 * measurement to read, not a test: run {@code java -cp <test classpath> io.quiver.storage.wal.WalThroughput
 * [dir] [seconds]}. A background thread truncates behind the log as checkpoints would, so disk
 * use stays bounded.
 */
public final class WalThroughput {

  private WalThroughput() {}

  public static void main(String[] args) throws Exception {
    Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("wal-throughput");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    System.out.printf("directory %s, %.0f s per case, fsync on, default options%n", base, seconds);
    System.out.printf("%-8s %-7s %12s %10s %10s %12s%n", "record", "threads", "records/s", "MB/s", "syncs/s", "recs/batch");
    for (int size : new int[] {1024, 1 << 20}) {
      for (int threads : new int[] {1, 8}) {
        Path dir = base.resolve(size + "-" + threads);
        run(dir, size, threads, Math.min(1, seconds / 5)); // warm-up
        deleteLog(dir);
        run(dir, size, threads, seconds).print(size, threads);
        deleteLog(dir);
      }
    }
  }

  private record Result(long records, long bytes, WalStats stats, double seconds) {
    void print(int size, int threads) {
      System.out.printf(Locale.ROOT, "%-8s %-7d %12.0f %10.1f %10.0f %12.2f%n",
          size == 1024 ? "1 KiB" : "1 MiB", threads, records / seconds, bytes / seconds / 1e6,
          stats.syncs() / seconds, stats.averageBatchRecords());
    }
  }

  private static Result run(Path dir, int size, int threads, double seconds) throws Exception {
    byte[] record = WalTestSupport.record(size, size);
    LongAdder records = new LongAdder();
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, WalOptions.defaults())) {
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(Thread.ofPlatform().start(() -> {
          try {
            while (System.nanoTime() < deadline) {
              log.appendAndSync(record);
              records.increment();
            }
          } catch (IOException e) {
            throw new RuntimeException(e);
          }
        }));
      }
      while (System.nanoTime() < deadline) {
        Thread.sleep(200);
        log.truncateBefore(log.nextLsn());
      }
      for (Thread worker : workers) {
        worker.join();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      return new Result(records.sum(), records.sum() * size, log.stats(), elapsed);
    }
  }

  private static void deleteLog(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        Files.delete(entry);
      }
    }
    Files.delete(dir);
  }
}
