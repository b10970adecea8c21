package io.quiver.storage.wal;

import static io.quiver.storage.wal.WalTestSupport.record;
import static io.quiver.storage.wal.WalTestSupport.replayAll;
import static io.quiver.storage.wal.WalTestSupport.replayFrom;
import static io.quiver.storage.wal.WalTestSupport.singleRecordBatchBytes;
import static io.quiver.storage.wal.WalTestSupport.walFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.wal.WalTestSupport.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalRecoveryTest {

  private static final WalOptions NO_SYNC = WalOptions.defaults().withFsync(false);
  private static final int[] SIZES = {50, 70, 90, 110, 300};

  @TempDir Path dir;

  private final List<Entry> appended = new ArrayList<>();

  /** Five records, one batch each, in file 1 of {@link #dir}. */
  @BeforeEach
  void writeFiveRecords() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      for (int i = 0; i < SIZES.length; i++) {
        byte[] bytes = record(i, SIZES[i]);
        appended.add(new Entry(log.appendAndSync(bytes), bytes));
      }
    }
  }

  @Test
  void tornTailAtEveryByteOfTheLastRecordIsCutOff() throws IOException {
    byte[] full = Files.readAllBytes(walFile(dir, 1));
    int lastBatch = full.length - (int) singleRecordBatchBytes(SIZES[4]);
    for (int cut = lastBatch; cut < full.length; cut++) {
      Files.write(walFile(dir, 1), Arrays.copyOf(full, cut));
      try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
        assertThat(replayAll(log)).as("cut at %d", cut).containsExactlyElementsOf(appended.subList(0, 4));
        assertThat(log.nextLsn()).isEqualTo(5);
        assertThat(Files.size(walFile(dir, 1))).isEqualTo(lastBatch);
        assertThat(log.appendAndSync(record(99, 10))).isEqualTo(5);
      }
      try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
        assertThat(replayAll(log)).hasSize(5).endsWith(new Entry(5, record(99, 10)));
      }
    }
  }

  @Test
  void bitFlipAnywhereInTheLastRecordDropsItAsATornTail() throws IOException {
    byte[] full = Files.readAllBytes(walFile(dir, 1));
    int lastBatch = full.length - (int) singleRecordBatchBytes(SIZES[4]);
    for (int at = lastBatch; at < full.length; at++) {
      Files.write(walFile(dir, 1), flipped(full, at));
      try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
        assertThat(replayAll(log)).as("flip at %d", at).containsExactlyElementsOf(appended.subList(0, 4));
        assertThat(log.nextLsn()).isEqualTo(5);
      }
    }
  }

  @Test
  void bitFlipAnywhereInAnEarlierRecordOfTheLastFileFailsOpenNamingFileAndOffset() throws IOException {
    byte[] full = Files.readAllBytes(walFile(dir, 1));
    int thirdBatch = WalFormat.FILE_HEADER_BYTES + (int) (singleRecordBatchBytes(SIZES[0]) + singleRecordBatchBytes(SIZES[1]));
    int fourthBatch = thirdBatch + (int) singleRecordBatchBytes(SIZES[2]);
    for (int at = thirdBatch; at < fourthBatch; at++) {
      Files.write(walFile(dir, 1), flipped(full, at));
      assertThatThrownBy(() -> FileWriteAheadLog.open(dir, NO_SYNC).close())
          .as("flip at %d", at)
          .isInstanceOfSatisfying(WalCorruptionException.class, e -> {
            assertThat(e.file()).isEqualTo(walFile(dir, 1));
            assertThat(e.offset()).isBetween((long) thirdBatch, (long) fourthBatch);
          })
          .hasMessageContaining("00000000000000000001.wal at byte offset")
          .hasMessageContaining("not a torn tail");
    }
    // Nothing was cut off.
    assertThat(Files.size(walFile(dir, 1))).isEqualTo(full.length);
  }

  @Test
  void damageInsideTheLastBatchDropsThatWholeBatch() throws Exception {
    // A power loss can persist later pages of the last batch but not earlier ones.
    Path log2 = dir.resolve("grouped");
    Faults faults = new Faults();
    try (FileWriteAheadLog log = FileWriteAheadLog.open(log2, WalOptions.defaults(), RecordTransformer.IDENTITY, faults.opener())) {
      List<byte[]> during = new ArrayList<>();
      for (int i = 2; i <= 5; i++) {
        during.add(record(i, 100));
      }
      for (CompletableFuture<Long> future : faults.appendWhileASyncIsHeld(log, record(1, 100), during, () -> {})) {
        future.get();
      }
      assertThat(log.stats().batches()).isEqualTo(2);
    }
    byte[] full = Files.readAllBytes(walFile(log2, 1));
    long secondBatch = WalFormat.FILE_HEADER_BYTES + singleRecordBatchBytes(100);
    int inThirdRecord = (int) (secondBatch + WalFormat.BATCH_HEADER_BYTES + 2 * (WalFormat.FRAME_HEADER_BYTES + 100) - 50);
    Files.write(walFile(log2, 1), flipped(full, inThirdRecord));
    try (FileWriteAheadLog log = FileWriteAheadLog.open(log2, NO_SYNC)) {
      assertThat(replayAll(log)).containsExactly(new Entry(1, record(1, 100)));
      assertThat(log.nextLsn()).isEqualTo(2);
    }
  }

  @Test
  void recordBytesImitatingABatchHeaderDoNotTurnATornTailIntoAnError() throws IOException {
    ByteBuffer fake = ByteBuffer.allocate(WalFormat.BATCH_HEADER_BYTES + 100);
    WalFormat.putBatchHeader(fake, 1, 1_000, WalFormat.FRAME_HEADER_BYTES);
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      assertThat(log.appendAndSync(fake.array())).isEqualTo(6);
    }
    byte[] full = Files.readAllBytes(walFile(dir, 1));
    int fakeEnd = full.length - 100;
    for (byte[] damaged : new byte[][] {Arrays.copyOf(full, fakeEnd + 10), flipped(full, full.length - 1)}) {
      Files.write(walFile(dir, 1), damaged);
      try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
        assertThat(replayAll(log)).containsExactlyElementsOf(appended);
      }
    }
  }

  @Test
  void zerosAfterATornBatchAreCutToo() throws IOException {
    // A file system may extend a file before the data written there reaches the device.
    byte[] full = Files.readAllBytes(walFile(dir, 1));
    byte[] padded = Arrays.copyOf(Arrays.copyOf(full, full.length - 100), full.length + 4096);
    Files.write(walFile(dir, 1), padded);
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      assertThat(replayAll(log)).containsExactlyElementsOf(appended.subList(0, 4));
    }
  }

  @Test
  void damageInAnOlderFileFailsReplayNamingFileAndOffset() throws IOException {
    Path rolled = dir.resolve("rolled");
    try (FileWriteAheadLog log = FileWriteAheadLog.open(rolled, NO_SYNC.withFileSizeBytes(4096))) {
      for (int i = 0; i < 40; i++) {
        log.appendAndSync(record(i, 300));
      }
    }
    List<Long> files = WalFiles.list(rolled);
    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    Path older = walFile(rolled, files.get(0));
    byte[] original = Files.readAllBytes(older);
    // The last byte of an older file's last record: sealed, so never a torn tail.
    for (int at : new int[] {original.length / 2, original.length - 1}) {
      Files.write(older, flipped(original, at));
      try (FileWriteAheadLog log = FileWriteAheadLog.open(rolled, NO_SYNC.withFileSizeBytes(4096))) {
        assertThatThrownBy(() -> replayAll(log))
            .isInstanceOfSatisfying(WalCorruptionException.class, e -> {
              assertThat(e.file()).isEqualTo(older);
              assertThat(e.offset()).isLessThanOrEqualTo(at);
            })
            .hasMessageContaining("record CRC mismatch");
        // Replay from a later file does not need the damaged one.
        assertThat(replayFrom(log, files.get(1))).hasSize((int) (41 - files.get(1)));
      }
    }
  }

  @Test
  void corruptHeaderOfTheLastFileWithRecordsFailsOpen() throws IOException {
    byte[] full = Files.readAllBytes(walFile(dir, 1));
    for (int at = 0; at < WalFormat.FILE_HEADER_BYTES; at++) {
      Files.write(walFile(dir, 1), flipped(full, at));
      assertThatThrownBy(() -> FileWriteAheadLog.open(dir, NO_SYNC).close())
          .as("flip at %d", at)
          .isInstanceOf(WalCorruptionException.class)
          .hasMessageContaining("00000000000000000001.wal");
    }
  }

  @Test
  void corruptHeaderOfAnOlderFileFailsReplay() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      log.appendAndSync(record(9, 4000)); // rolls: file 1 is sealed
    }
    byte[] full = Files.readAllBytes(walFile(dir, 1));
    Files.write(walFile(dir, 1), flipped(full, 3));
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      assertThatThrownBy(() -> replayAll(log))
          .isInstanceOf(WalCorruptionException.class)
          .hasMessageContaining("00000000000000000001.wal at byte offset 0: bad file magic");
    }
  }

  @Test
  void unsupportedFormatVersionIsReportedAsSuch() throws IOException {
    byte[] full = Files.readAllBytes(walFile(dir, 1));
    ByteBuffer header = ByteBuffer.wrap(full);
    header.putInt(4, 2);
    CRC32C crc = new CRC32C();
    crc.update(full, 0, 20);
    header.putInt(20, (int) crc.getValue());
    Files.write(walFile(dir, 1), full);
    assertThatThrownBy(() -> FileWriteAheadLog.open(dir, NO_SYNC).close())
        .isInstanceOf(WalCorruptionException.class)
        .hasMessageContaining("unsupported format version 2; this build reads version 1");
  }

  @Test
  void interruptedCreationOfANewFileIsRepaired() throws IOException {
    for (byte[] torn : new byte[][] {new byte[0], new byte[10], new byte[WalFormat.FILE_HEADER_BYTES]}) {
      Files.write(walFile(dir, 6), torn);
      try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
        assertThat(log.nextLsn()).isEqualTo(6);
        assertThat(replayAll(log)).containsExactlyElementsOf(appended);
      }
      Files.delete(walFile(dir, 6));
    }
  }

  @Test
  void missingFileInTheMiddleFailsReplay() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      log.appendAndSync(record(6, 4000));
      log.appendAndSync(record(7, 4000));
    }
    assertThat(WalFiles.list(dir)).containsExactly(1L, 6L, 7L);
    Files.delete(walFile(dir, 6));
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      assertThatThrownBy(() -> replayAll(log))
          .isInstanceOf(WalCorruptionException.class)
          .hasMessageContaining("records are missing");
    }
  }

  @Test
  void trailingBytesInAnOlderFileFailReplay() throws IOException {
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC.withFileSizeBytes(4096))) {
      log.appendAndSync(record(6, 4000));
    }
    Files.write(walFile(dir, 1), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    try (FileWriteAheadLog log = FileWriteAheadLog.open(dir, NO_SYNC)) {
      assertThatThrownBy(() -> replayAll(log))
          .isInstanceOf(WalCorruptionException.class)
          .hasMessageContaining("incomplete batch header");
    }
  }

  private static byte[] flipped(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 0x10;
    return copy;
  }
}
