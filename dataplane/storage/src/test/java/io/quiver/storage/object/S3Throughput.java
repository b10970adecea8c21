package io.quiver.storage.object;

import io.quiver.testkit.s3.S3Extension;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Prints rough throughput of {@link S3ObjectStore} against s3proxy (started here through the
 * testkit) or against the S3 service given as {@code endpoint bucket accessKey secretKey}: small
 * PUTs and GETs from 1 and 8 threads, a multipart upload and a download of a large file, 4 KiB
 * ranged reads, a listing. A measurement to read, not a test: run {@code java -cp <test
 * classpath> io.quiver.storage.object.S3Throughput [endpoint bucket accessKey secretKey]}.
 */
public final class S3Throughput {

  private static final int MIB = 1 << 20;

  private S3Throughput() {}

  public static void main(String[] args) throws Exception {
    S3Extension s3 = null;
    S3Config config;
    if (args.length >= 4) {
      config = S3Config.of(args[0], args[1], args[2], args[3]);
    } else {
      s3 = S3Extension.create();
      s3.start();
      config = S3Config.of(s3.endpoint(), "throughput", s3.accessKey(), s3.secretKey()).withCreateBucketIfMissing(true);
    }
    Path tmp = Files.createTempDirectory("s3-throughput");
    try (S3ObjectStore root = S3ObjectStore.open(config.withPathPrefix("throughput-" + System.nanoTime()))) {
      System.out.printf("%s, part size %d MiB%n", root, config.partSizeBytes() / MIB);
      for (int threads : new int[] {1, 8}) {
        smallObjects(root.scoped("small-" + threads), 64 * 1024, threads, 400); // warm-up and measurement
      }
      largeFile(root.scoped("large"), tmp, 256L * MIB);
      ranged(root.scoped("ranged"), 1000);
      listing(root.scoped("small-8"));
    } finally {
      try (var files = Files.list(tmp)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(tmp);
      if (s3 != null) {
        s3.close();
      }
    }
  }

  private static void smallObjects(ObjectStore store, int size, int threads, int count) throws Exception {
    byte[] data = new byte[size];
    new Random(1).nextBytes(data);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      runAll(pool, count, i -> store.put("obj-" + i, data));
      report("PUT " + size / 1024 + " KiB", threads, count, (long) count * size, start);
      start = System.nanoTime();
      runAll(pool, count, i -> store.get("obj-" + i));
      report("GET " + size / 1024 + " KiB", threads, count, (long) count * size, start);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void largeFile(ObjectStore store, Path tmp, long size) throws Exception {
    Path file = tmp.resolve("large.bin");
    Random random = new Random(2);
    byte[] chunk = new byte[MIB];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += MIB) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    long start = System.nanoTime();
    store.put("large.bin", file);
    report("PUT file (multipart) " + size / MIB + " MiB", 1, 1, size, start);
    start = System.nanoTime();
    store.download("large.bin", tmp.resolve("copy.bin"));
    report("DOWNLOAD " + size / MIB + " MiB", 1, 1, size, start);
    if (Files.mismatch(file, tmp.resolve("copy.bin")) != -1) {
      throw new AssertionError("the downloaded copy differs");
    }
  }

  private static void ranged(ObjectStore store, int count) throws Exception {
    byte[] data = new byte[64 * MIB];
    new Random(3).nextBytes(data);
    store.put("ranged.bin", data);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      int offset = ThreadLocalRandom.current().nextInt(data.length - 4096);
      store.getRange("ranged.bin", offset, 4096);
    }
    report("GET_RANGE 4 KiB", 1, count, count * 4096L, start);
  }

  private static void listing(ObjectStore store) throws Exception {
    long start = System.nanoTime();
    int n = store.list("").size();
    report("LIST " + n + " keys", 1, 1, 0, start);
  }

  @FunctionalInterface
  private interface Op {
    void run(int i) throws Exception;
  }

  private static void runAll(ExecutorService pool, int count, Op op) throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> {
        op.run(index);
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
  }

  private static void report(String what, int threads, int ops, long bytes, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(Locale.ROOT, "%-32s threads %d: %8.0f ops/s %9.1f MB/s  (%.2f s)%n", what, threads, ops / seconds,
        bytes / seconds / 1e6, seconds);
  }
}
