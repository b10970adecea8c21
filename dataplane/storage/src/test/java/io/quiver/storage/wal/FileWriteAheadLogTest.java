package io.quiver.storage.wal;

import static io.quiver.storage.wal.WalTestSupport.record;
import static io.quiver.storage.wal.WalTestSupport.replayAll;
import static io.quiver.storage.wal.WalTestSupport.replayFrom;
import static io.quiver.storage.wal.WalTestSupport.walFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import io.quiver.storage.wal.WalTestSupport.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWriteAheadLogTest {

  private static final WalOptions NO_SYNC = WalOptions.defaults().withFsync(false);

  @TempDir Path dir;

  @Test
  void replaysAppendedRecordsWithTheirLsnsInOrder() throws IOException {
    List<Entry> appended = new ArrayList<>();
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, WalOptions.defaults())) {
      assertThat(log.nextLsn()).isEqualTo(1);
      for (int i = 0; i < 20; i++) {
        byte[] bytes = record(i, i * 37);
        appended.add(new Entry(log.appendAndSync(bytes), bytes));
      }
      assertThat(appended).extracting(Entry::lsn).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
      assertThat(log.nextLsn()).isEqualTo(21);
      assertThat(replayAll(log)).containsExactlyElementsOf(appended);
    }
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, WalOptions.defaults())) {
      assertThat(replayAll(log)).containsExactlyElementsOf(appended);
    }
  }

  @Test
  void replayStartsAtTheRequestedLsn() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      for (int i = 0; i < 50; i++) {
        log.appendAndSync(record(i, 500));
      }
      assertThat(replayFrom(log, 37)).extracting(Entry::lsn).containsExactlyElementsOf(LongStream.rangeClosed(37, 50).boxed().toList());
      assertThat(replayFrom(log, 51)).isEmpty();
    }
  }

  @Test
  void replayedBuffersAreReadOnlyViewsOfTheRecord() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      log.appendAndSync(new byte[] {1, 2, 3});
      log.replay(0, (lsn, buffer) -> {
        assertThat(buffer.isReadOnly()).isTrue();
        assertThat(buffer.remaining()).isEqualTo(3);
      });
    }
  }

  @Test
  void concurrentAppendsGetDistinctDenseLsnsAndReplayInLsnOrder() throws Exception {
    int threads = 8;
    int perThread = 400;
    ConcurrentHashMap<Long, byte[]> acknowledged = new ConcurrentHashMap<>();
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(64 << 10));
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(pool.submit(() -> {
          List<CompletableFuture<Long>> futures = new ArrayList<>();
          List<byte[]> records = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            byte[] bytes = record(thread * 100_000L + i, 1 + (i * 131) % 3000);
            records.add(bytes);
            futures.add(log.append(bytes));
          }
          long previous = 0;
          for (int i = 0; i < perThread; i++) {
            long lsn = futures.get(i).join();
            // This thread called append in this order, so its LSNs increase in this order.
            assertThat(lsn).isGreaterThan(previous);
            previous = lsn;
            assertThat(acknowledged.put(lsn, records.get(i))).isNull();
          }
          return null;
        }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
      int total = threads * perThread;
      assertThat(acknowledged.keySet()).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      List<Entry> replayed = replayAll(log);
      assertThat(replayed).extracting(Entry::lsn).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      for (Entry entry : replayed) {
        assertThat(entry.bytes()).isEqualTo(acknowledged.get(entry.lsn()));
      }
    }
  }

  @Test
  void replayWhileAppendingSeesADensePrefixOfDurableRecords() throws Exception {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(8192))) {
      CompletableFuture<Void> appender = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 2000; i++) {
          log.append(record(i, 100 + i % 500));
        }
      });
      while (!appender.isDone()) {
        List<Entry> seen = replayAll(log);
        for (int i = 0; i < seen.size(); i++) {
          Entry entry = seen.get(i);
          assertThat(entry.lsn()).isEqualTo(i + 1L);
          assertThat(entry.bytes()).isEqualTo(record(i, 100 + i % 500));
        }
      }
      appender.get();
      log.appendAndSync(new byte[0]);
      assertThat(replayAll(log)).hasSize(2001);
    }
  }

  @Test
  void lsnOrderIsTheOrderAppendWasCalledIn() throws Exception {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        futures.add(log.append(record(i, 10)));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(i + 1L);
      }
    }
  }

  @Test
  void rollsToANewFileNamedByItsFirstLsnAtTheSizeThreshold() throws IOException {
    List<Entry> appended = new ArrayList<>();
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      for (int i = 0; i < 100; i++) {
        byte[] bytes = record(i, 300);
        appended.add(new Entry(log.appendAndSync(bytes), bytes));
      }
      assertThat(replayAll(log)).containsExactlyElementsOf(appended);
    }
    List<Long> firstLsns = WalFiles.list(dir);
    assertThat(firstLsns).hasSizeGreaterThan(5).startsWith(1L);
    long perFile = (4096 - WalFormat.FILE_HEADER_BYTES) / WalTestSupport.singleRecordBatchBytes(300);
    for (int i = 0; i < firstLsns.size(); i++) {
      assertThat(firstLsns.get(i)).isEqualTo(1 + i * perFile);
      assertThat(Files.size(walFile(dir, firstLsns.get(i)))).isLessThanOrEqualTo(4096);
    }
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      assertThat(replayAll(log)).containsExactlyElementsOf(appended);
      assertThat(log.nextLsn()).isEqualTo(101);
    }
  }

  @Test
  void recordLargerThanTheRollSizeGetsAFileOfItsOwn() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      log.appendAndSync(record(1, 100));
      long big = log.appendAndSync(record(2, 10_000));
      long after = log.appendAndSync(record(3, 100));
      assertThat(WalFiles.list(dir)).containsExactly(1L, big, after);
      assertThat(Files.size(walFile(dir, big)))
          .isEqualTo(WalFormat.FILE_HEADER_BYTES + WalTestSupport.singleRecordBatchBytes(10_000));
      assertThat(replayAll(log)).containsExactly(
          new Entry(1, record(1, 100)), new Entry(2, record(2, 10_000)), new Entry(3, record(3, 100)));
    }
  }

  @Test
  void truncateBeforeDeletesOnlyFilesWhoseRecordsAreAllBelowTheLsn() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      for (int i = 0; i < 100; i++) {
        log.appendAndSync(record(i, 300));
      }
      List<Long> before = WalFiles.list(dir);
      long cut = before.get(3) + 2; // inside the fourth file
      long bytesBefore = log.bytesOnDisk();
      log.truncateBefore(cut);
      assertThat(WalFiles.list(dir)).containsExactlyElementsOf(before.subList(3, before.size()));
      assertThat(log.firstLsn()).isEqualTo(before.get(3));
      assertThat(log.bytesOnDisk()).isLessThan(bytesBefore);
      assertThat(replayFrom(log, cut)).extracting(Entry::lsn).containsExactlyElementsOf(LongStream.rangeClosed(cut, 100).boxed().toList());
      // Records before the cut that share a file with later ones stay.
      assertThat(replayAll(log).getFirst().lsn()).isEqualTo(before.get(3));
    }
  }

  @Test
  void truncateBeforeKeepsTheActiveFileAndLsnsContinueAfterReopen() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      for (int i = 0; i < 30; i++) {
        log.appendAndSync(record(i, 300));
      }
      log.truncateBefore(Long.MAX_VALUE);
      List<Long> left = WalFiles.list(dir);
      assertThat(left).hasSize(1);
      assertThat(replayAll(log)).extracting(Entry::lsn).endsWith(30L).startsWith(left.getFirst());
      assertThat(log.nextLsn()).isEqualTo(31);
    }
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      assertThat(log.nextLsn()).isEqualTo(31);
      assertThat(log.appendAndSync(record(31, 300))).isEqualTo(31);
    }
  }

  @Test
  void lsnsAreNotReusedWhenOnlyAnEmptyActiveFileRemainsAfterTruncation() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      log.appendAndSync(record(1, 100));
      log.appendAndSync(record(2, 100));
    }
    // A new encoding starts a new, empty active file.
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC, new XorTransformer(7))) {
      log.truncateBefore(Long.MAX_VALUE);
      assertThat(WalFiles.list(dir)).containsExactly(3L);
      assertThat(replayAll(log)).isEmpty();
      assertThat(log.firstLsn()).isEqualTo(3);
    }
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC, new XorTransformer(7))) {
      assertThat(log.nextLsn()).isEqualTo(3);
      assertThat(log.appendAndSync(record(3, 100))).isEqualTo(3);
    }
  }

  @Test
  void truncationWhileAppendingKeepsEveryRecordAtOrAfterTheLsn() throws Exception {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      AtomicBoolean stop = new AtomicBoolean();
      CompletableFuture<Void> appender = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 3000 && !stop.get(); i++) {
          log.append(record(i, 200)).join();
        }
      });
      long truncatedTo = 1;
      while (!appender.isDone()) {
        if (log.nextLsn() <= 26) {
          Thread.onSpinWait();
          continue;
        }
        // The appender waits for each record, so all but the newest below nextLsn are durable.
        long cut = log.nextLsn() - 25;
        log.truncateBefore(cut);
        truncatedTo = cut;
        List<Entry> tail = replayFrom(log, cut);
        assertThat(tail).isNotEmpty();
        assertThat(tail.getFirst().lsn()).isEqualTo(cut);
        assertThat(tail).extracting(Entry::lsn).isSorted().doesNotHaveDuplicates();
        assertThat(tail.getLast().lsn() - cut + 1).isEqualTo(tail.size());
      }
      stop.set(true);
      appender.get();
      assertThat(log.firstLsn()).isLessThanOrEqualTo(truncatedTo);
      assertThat(replayFrom(log, truncatedTo).getLast().lsn()).isEqualTo(log.nextLsn() - 1);
    }
  }

  @Test
  void rejectsARecordLargerThanMaxRecordBytesAndStaysUsable() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withMaxRecordBytes(1000))) {
      CompletableFuture<Long> tooLarge = log.append(new byte[1001]);
      assertThat(tooLarge).isCompletedExceptionally();
      assertThatThrownBy(tooLarge::join)
          .hasCauseInstanceOf(QuiverException.class)
          .hasMessageContaining("1001 bytes exceeds the limit of 1000 bytes (maxRecordBytes)");
      assertThat(((QuiverException) tooLarge.exceptionNow()).code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
      assertThatThrownBy(() -> log.appendAndSync(new byte[1001])).isInstanceOf(QuiverException.class);
      assertThat(log.appendAndSync(new byte[1000])).isEqualTo(1);
      assertThat(log.nextLsn()).isEqualTo(2);
    }
  }

  @Test
  void acceptsEmptyRecords() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      log.appendAndSync(new byte[0]);
      log.appendAndSync(new byte[] {7});
      assertThat(replayAll(log)).containsExactly(new Entry(1, new byte[0]), new Entry(2, new byte[] {7}));
    }
  }

  @Test
  void closeMakesPendingAppendsDurableAndLaterAppendsFail() throws IOException {
    List<CompletableFuture<Long>> pending = new ArrayList<>();
    FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withMaxGroupDelay(Duration.ofMillis(200)));
    for (int i = 0; i < 10; i++) {
      pending.add(log.append(record(i, 100)));
    }
    log.close();
    log.close();
    assertThat(pending).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    assertThatThrownBy(() -> log.append(new byte[1]).join()).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    try (FileWriteAheadLog reopened = FileWriteAheadLog.open(dir, NO_SYNC)) {
      assertThat(replayAll(reopened)).hasSize(10);
    }
  }

  @Test
  void replayAndTruncationFailAfterClose() throws IOException {
    FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC);
    log.close();
    assertThatThrownBy(() -> replayAll(log)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> log.truncateBefore(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void callingTruncateOrCloseFromAReplayConsumerFailsInsteadOfDeadlocking() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      log.appendAndSync(new byte[1]);
      assertThatThrownBy(() -> log.replay(0, (lsn, record) -> log.truncateBefore(lsn)))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> log.replay(0, (lsn, record) -> log.close()))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void refusesASecondOpenOfTheSameDirectory() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      assertThatThrownBy(() -> FileWriteAheadLog.open(dir, NO_SYNC))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("already open");
    }
    FileWriteAheadLog.open(dir, NO_SYNC).close();
  }

  @Test
  void bytesOnDiskCountsHeadersFramesAndRecords() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, WalOptions.defaults())) {
      assertThat(log.bytesOnDisk()).isEqualTo(WalFormat.FILE_HEADER_BYTES);
      log.appendAndSync(new byte[1000]);
      log.appendAndSync(new byte[10]);
      long expected = WalFormat.FILE_HEADER_BYTES + WalTestSupport.singleRecordBatchBytes(1000) + WalTestSupport.singleRecordBatchBytes(10);
      assertThat(log.bytesOnDisk()).isEqualTo(expected).isEqualTo(Files.size(walFile(dir, 1)));
    }
  }

  @Test
  void statsCountRecordsBytesBatchesAndSyncs() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, WalOptions.defaults())) {
      log.appendAndSync(new byte[100]);
      log.appendAndSync(new byte[50]);
      WalStats stats = log.stats();
      assertThat(stats.records()).isEqualTo(2);
      assertThat(stats.recordBytes()).isEqualTo(150);
      assertThat(stats.batches()).isEqualTo(2);
      assertThat(stats.syncs()).isEqualTo(2);
      assertThat(stats.averageBatchRecords()).isEqualTo(1.0);
    }
  }

  @Test
  void groupDelayStillCompletesEveryAppend() throws Exception {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, WalOptions.defaults().withMaxGroupDelay(Duration.ofMillis(5)))) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(log.append(record(i, 64)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
      assertThat(log.stats().records()).isEqualTo(50);
    }
  }

  @Test
  void transformerEncodesTheStoredBytesAndReplayDecodesThem() throws IOException {
    byte[] plain = "a record in plain text".getBytes();
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC, new XorTransformer(7))) {
      log.appendAndSync(plain);
      assertThat(replayAll(log)).containsExactly(new Entry(1, plain));
    }
    byte[] file = Files.readAllBytes(walFile(dir, 1));
    assertThat(indexOf(file, plain)).isEqualTo(-1);
    assertThat(indexOf(file, XorTransformer.xor(plain, 7))).isPositive();
  }

  @Test
  void recordsStoredAsAppendedStayReadableAfterATransformerIsConfigured() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      log.appendAndSync(record(1, 100));
    }
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC, new XorTransformer(7))) {
      log.appendAndSync(record(2, 100));
      assertThat(replayAll(log)).containsExactly(new Entry(1, record(1, 100)), new Entry(2, record(2, 100)));
    }
    assertThat(WalFiles.list(dir)).containsExactly(1L, 2L);
  }

  @Test
  void replayFailsClearlyForRecordsOfAnotherTransformer() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC, new XorTransformer(7))) {
      log.appendAndSync(record(1, 100));
    }
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      assertThatThrownBy(() -> replayAll(log))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("encoded by transformer 7");
    }
  }

  @Test
  void rejectsATransformerThatClaimsTheIdentityId() {
    assertThatThrownBy(() -> FileWriteAheadLog.open(dir, NO_SYNC, new XorTransformer(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 0");
  }

  @Test
  void failingEncodeFailsOnlyThatAppend() throws Exception {
    RecordTransformer failing = new XorTransformer(9) {
      @Override
      public ByteBuffer encode(byte[] record) {
        if (record.length == 13) {
          throw new IllegalStateException("key unavailable");
        }
        return super.encode(record);
      }
    };
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC, failing)) {
      assertThatThrownBy(() -> log.append(new byte[13]).get())
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("key unavailable");
      assertThat(log.appendAndSync(new byte[12])).isEqualTo(1);
    }
  }

  @Test
  void ignoresFilesThatAreNotLogFiles() throws IOException {
    Files.writeString(dir.resolve("notes.wal"), "x");
    Files.writeString(dir.resolve("00000000000000000001.wal.tmp"), "x");
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      log.appendAndSync(new byte[3]);
      assertThat(replayAll(log)).hasSize(1);
    }
    try (Stream<Path> names = Files.list(dir)) {
      assertThat(names.map(p -> p.getFileName().toString()))
          .contains("notes.wal", "00000000000000000001.wal.tmp", "00000000000000000001.wal");
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  /** Flips bits with a key: enough to see that stored bytes are the encoded ones. */
  static class XorTransformer implements RecordTransformer {
    private final int key;

    XorTransformer(int key) {
      this.key = key;
    }

    static byte[] xor(byte[] bytes, int key) {
      byte[] out = bytes.clone();
      for (int i = 0; i < out.length; i++) {
        out[i] ^= (byte) (0x5A + key);
      }
      return out;
    }

    @Override
    public int id() {
      return key;
    }

    @Override
    public ByteBuffer encode(byte[] record) {
      return ByteBuffer.wrap(xor(record, key));
    }

    @Override
    public ByteBuffer decode(ByteBuffer stored) {
      return ByteBuffer.wrap(xor(WalTestSupport.bytes(stored), key));
    }
  }
}
