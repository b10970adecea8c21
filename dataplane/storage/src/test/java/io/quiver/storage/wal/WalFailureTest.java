package io.quiver.storage.wal;

import static io.quiver.storage.wal.WalTestSupport.record;
import static io.quiver.storage.wal.WalTestSupport.replayAll;
import static io.quiver.storage.wal.WalTestSupport.walFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.wal.WalTestSupport.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** I/O errors, injected through {@link Faults}: futures fail, never hang, and nothing acknowledged is lost. */
class WalFailureTest {

  private static final WalOptions OPTIONS = WalOptions.defaults().withFileSizeBytes(8192);

  @TempDir Path dir;

  private final Faults faults = new Faults();
  private final List<Entry> acknowledged = new ArrayList<>();

  private FileWriteAheadLog open() throws IOException {
    return FileWriteAheadLog.open(dir, OPTIONS, RecordTransformer.IDENTITY, faults.opener());
  }

  private void appendAcknowledged(WriteAheadLog log, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      byte[] bytes = record(acknowledged.size(), 200);
      acknowledged.add(new Entry(log.appendAndSync(bytes), bytes));
    }
  }

  @Test
  void fullDiskFailsTheAppendAndTheLogRefusesFurtherAppendsUntilReopened() throws Exception {
    try (FileWriteAheadLog log = open()) {
      appendAcknowledged(log, 5);
      faults.limitWritesTo(100); // the next batch is written partly
      CompletableFuture<Long> failed = log.append(record(100, 200));
      assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(WalFailedException.class)
          .hasMessageContaining("could not make records durable")
          .rootCause()
          .hasMessageContaining("No space left on device");
      CompletableFuture<Long> refused = log.append(record(101, 10));
      assertThat(refused).isCompletedExceptionally();
      assertThatThrownBy(refused::join)
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(WalFailedException.class)
          .hasMessageContaining("stopped accepting appends after an I/O error; reopen it");
      assertThatThrownBy(() -> log.appendAndSync(record(102, 10))).isInstanceOf(WalFailedException.class);
      // Acknowledged records stay readable; the partial batch was cut off.
      assertThat(replayAll(log)).containsExactlyElementsOf(acknowledged);
      assertThat(Files.size(walFile(dir, 1))).isEqualTo(log.bytesOnDisk());
    }
    faults.limitWritesTo(Long.MAX_VALUE);
    try (FileWriteAheadLog log = open()) {
      assertThat(replayAll(log)).containsExactlyElementsOf(acknowledged);
      assertThat(log.nextLsn()).isEqualTo(6);
      appendAcknowledged(log, 1);
      assertThat(replayAll(log)).containsExactlyElementsOf(acknowledged);
    }
  }

  @Test
  void syncFailureFailsTheAppend() throws Exception {
    try (FileWriteAheadLog log = open()) {
      appendAcknowledged(log, 3);
      faults.failForces(new IOException("Input/output error (injected)"));
      assertThatThrownBy(() -> log.appendAndSync(record(100, 200)))
          .isInstanceOf(WalFailedException.class)
          .rootCause()
          .hasMessageContaining("Input/output error (injected)");
      assertThat(log.append(new byte[1])).isCompletedExceptionally();
    }
    faults.failForces(null);
    try (FileWriteAheadLog log = open()) {
      assertThat(replayAll(log)).containsExactlyElementsOf(acknowledged);
    }
  }

  @Test
  void uncheckedExceptionOnTheWriterThreadFailsAppendsInsteadOfHanging() throws Exception {
    try (FileWriteAheadLog log = open()) {
      appendAcknowledged(log, 2);
      faults.failForces(new IllegalStateException("bug (injected)"));
      CompletableFuture<Long> failed = log.append(record(100, 200));
      assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(WalFailedException.class)
          .hasRootCauseMessage("bug (injected)");
      assertThat(log.append(new byte[1])).isCompletedExceptionally();
    }
    faults.failForces(null);
    try (FileWriteAheadLog log = open()) {
      assertThat(replayAll(log)).containsExactlyElementsOf(acknowledged);
    }
  }

  @Test
  void appendsQueuedBehindAFailedBatchFailToo() throws Exception {
    try (FileWriteAheadLog log = open()) {
      appendAcknowledged(log, 2);
      List<byte[]> during = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        during.add(record(200 + i, 200));
      }
      List<CompletableFuture<Long>> futures = faults.appendWhileASyncIsHeld(
          log, record(100, 200), during, () -> faults.failForces(new IOException("Input/output error (injected)")));
      for (CompletableFuture<Long> future : futures) {
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(WalFailedException.class);
      }
    }
    faults.failForces(null);
    try (FileWriteAheadLog log = open()) {
      assertThat(replayAll(log)).containsExactlyElementsOf(acknowledged);
      assertThat(log.nextLsn()).isEqualTo(3);
    }
  }

  @Test
  void failureToCreateTheNextFileFailsTheAppend() throws Exception {
    try (FileWriteAheadLog log = open()) {
      appendAcknowledged(log, 30); // 30 records of 236 bytes fill most of an 8 KiB file
      faults.failFileCreation(new IOException("Too many open files (injected)"));
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        futures.add(log.append(record(100 + i, 200)));
      }
      boolean failedBefore = false;
      for (int i = 0; i < futures.size(); i++) {
        try {
          long lsn = futures.get(i).get(30, TimeUnit.SECONDS);
          assertThat(failedBefore).as("an append after a failed one succeeded").isFalse();
          acknowledged.add(new Entry(lsn, record(100 + i, 200)));
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(WalFailedException.class).hasRootCauseMessage("Too many open files (injected)");
          failedBefore = true;
        }
      }
      assertThat(futures.getLast()).isCompletedExceptionally();
    }
    faults.failFileCreation(null);
    try (FileWriteAheadLog log = open()) {
      assertThat(replayAll(log)).containsExactlyElementsOf(acknowledged);
      appendAcknowledged(log, 1);
      assertThat(WalFiles.list(dir)).hasSize(2);
    }
  }
}
