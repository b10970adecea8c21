package io.quiver.storage.wal;

import io.quiver.storage.object.S3Config;
import io.quiver.storage.object.S3ObjectStore;
import io.quiver.testkit.s3.S3Extension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prints append throughput of {@link ObjectWriteAheadLog} against s3proxy (started here through
 * the testkit) or the S3 service given as {@code endpoint bucket accessKey secretKey}: 1 KiB and
 * 64 KiB records from 1, 8 and 64 threads that each wait for their record before appending the
 * next (as clients do), and from one thread keeping 1,000 appends in flight. A measurement to
 * read, not a test: run {@code java -cp <test classpath> io.quiver.storage.wal.ObjectWalThroughput
 * [seconds [endpoint bucket accessKey secretKey]]}. A background thread truncates behind the log
 * as checkpoints would.
 */
public final class ObjectWalThroughput {

  private static final int PIPELINED = -1000;

  private ObjectWalThroughput() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    S3Extension s3 = null;
    S3Config config;
    if (args.length >= 5) {
      config = S3Config.of(args[1], args[2], args[3], args[4]);
    } else {
      s3 = S3Extension.create();
      s3.start();
      config = S3Config.of(s3.endpoint(), "throughput", s3.accessKey(), s3.secretKey()).withCreateBucketIfMissing(true);
    }
    try (S3ObjectStore root = S3ObjectStore.open(config.withPathPrefix("wal-throughput-" + System.nanoTime()))) {
      System.out.printf("%s, %.0f s per case, default options%n", root, seconds);
      System.out.printf("%-8s %-9s %12s %10s %10s %12s%n", "record", "threads", "records/s", "MB/s", "PUTs/s", "recs/batch");
      int shard = 0;
      for (int size : new int[] {1024, 64 << 10}) {
        for (int threads : new int[] {1, 8, 64, PIPELINED}) {
          run(root, "warm-" + shard, size, threads, Math.min(1, seconds / 5));
          run(root, "shard-" + shard++, size, threads, seconds).print(size, threads);
        }
      }
    } finally {
      if (s3 != null) {
        s3.stop();
      }
    }
  }

  private record Result(long records, long bytes, WalStats stats, double seconds) {
    void print(int size, int threads) {
      System.out.printf(Locale.ROOT, "%-8s %-9s %12.0f %10.1f %10.0f %12.2f%n",
          size == 1024 ? "1 KiB" : "64 KiB", threads == PIPELINED ? "1 (1000)" : Integer.toString(threads),
          records / seconds, bytes / seconds / 1e6, stats.batches() / seconds, stats.averageBatchRecords());
    }
  }

  private static Result run(S3ObjectStore root, String shard, int size, int threads, double seconds) throws Exception {
    byte[] record = WalTestSupport.record(size, size);
    LongAdder records = new LongAdder();
    try (ObjectWriteAheadLog log = ObjectWriteAheadLog.open(root.scoped(shard), 1, ObjectWalOptions.defaults())) {
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      List<Thread> workers = new ArrayList<>();
      if (threads == PIPELINED) {
        Semaphore inFlight = new Semaphore(-PIPELINED);
        workers.add(Thread.ofPlatform().start(() -> {
          while (System.nanoTime() < deadline) {
            inFlight.acquireUninterruptibly();
            log.append(record).whenComplete((lsn, e) -> {
              records.increment();
              inFlight.release();
            });
          }
          inFlight.acquireUninterruptibly(-PIPELINED);
        }));
      } else {
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
      }
      while (System.nanoTime() < deadline) {
        Thread.sleep(500);
        log.truncateBefore(log.nextLsn());
      }
      for (Thread worker : workers) {
        worker.join();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      return new Result(records.sum(), records.sum() * size, log.stats(), elapsed);
    }
  }
}
