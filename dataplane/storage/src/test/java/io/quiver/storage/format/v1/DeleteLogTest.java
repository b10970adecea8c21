package io.quiver.storage.format.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeleteLogTest {

  @TempDir Path dir;

  @Test
  void roundTripsDeleteTimestamps() throws IOException {
    long[] deletes = new long[1000];
    deletes[0] = 1;
    deletes[17] = Long.MAX_VALUE;
    deletes[999] = -5; // timestamps are opaque 64-bit values; only 0 means live
    Path file = dir.resolve("7.del");
    DeleteLog.write(file, 7, deletes);
    assertThat(DeleteLog.read(file, 7, 1000)).containsExactly(deletes);
  }

  @Test
  void storesOnlyDeletedRows() throws IOException {
    long[] deletes = new long[100_000];
    deletes[5] = 42;
    Path file = dir.resolve("d");
    DeleteLog.write(file, 1, deletes);
    assertThat(Files.size(file)).isEqualTo(24 + 12 + 4);
    DeleteLog.write(file, 1, new long[0]);
    assertThat(DeleteLog.read(file, 1, 0)).isEmpty();
  }

  @Test
  void startsWithMagicAndVersion() throws IOException {
    Path file = dir.resolve("d");
    DeleteLog.write(file, 1, new long[] {0, 9});
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(Arrays.copyOf(b.array(), 4), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("QDEL");
    assertThat(b.getInt(4)).isEqualTo(DeleteLog.VERSION);
  }

  @Test
  void rejectsAFileOfAnotherSegment() throws IOException {
    Path file = dir.resolve("d");
    DeleteLog.write(file, 1, new long[] {0, 9});
    assertThatThrownBy(() -> DeleteLog.read(file, 2, 2))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("segment 1");
  }

  @Test
  void rejectsARowCountMismatch() throws IOException {
    Path file = dir.resolve("d");
    DeleteLog.write(file, 1, new long[] {0, 9, 0});
    assertThatThrownBy(() -> DeleteLog.read(file, 1, 4)).isInstanceOf(IOException.class).hasMessageContaining("3 rows");
  }

  @Test
  void detectsEveryBitFlipAndTruncation() throws IOException {
    Path file = dir.resolve("d");
    DeleteLog.write(file, 1, new long[] {0, 9, 0, 11, 12});
    byte[] full = Files.readAllBytes(file);
    for (int at = 0; at < full.length * 8; at++) {
      byte[] damaged = full.clone();
      damaged[at / 8] ^= (byte) (1 << (at % 8));
      Files.write(file, damaged);
      assertThatThrownBy(() -> DeleteLog.read(file, 1, 5)).as("bit %d", at).isInstanceOf(IOException.class)
          .hasMessageContaining(file.toString());
    }
    for (int length = 0; length < full.length; length++) {
      Files.write(file, Arrays.copyOf(full, length));
      assertThatThrownBy(() -> DeleteLog.read(file, 1, 5)).as("length %d", length).isInstanceOf(IOException.class);
    }
  }

  @Test
  void checksumMismatchIsReportedAsSuch() throws IOException {
    Path file = dir.resolve("d");
    DeleteLog.write(file, 1, new long[] {0, 9});
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 5] ^= 1;
    Files.write(file, bytes);
    assertThatThrownBy(() -> DeleteLog.read(file, 1, 2)).hasMessageContaining("checksum mismatch");
  }

  @Test
  void aFailedReplacementLeavesTheOldFileIntact() throws IOException {
    Path file = dir.resolve("sub").resolve("d");
    Files.createDirectories(file.getParent());
    DeleteLog.write(file, 1, new long[] {0, 9});
    // Make the rename fail: the target's directory disappears under the writer.
    Path blocked = dir.resolve("blocked");
    Files.createDirectories(blocked.resolve("d")); // a non-empty directory where the file should go
    Files.writeString(blocked.resolve("d").resolve("x"), "x");
    assertThatThrownBy(() -> DeleteLog.write(blocked.resolve("d"), 1, new long[] {1})).isInstanceOf(IOException.class);
    try (var files = Files.list(blocked)) {
      assertThat(files).containsExactly(blocked.resolve("d"));
    }
    assertThat(DeleteLog.read(file, 1, 2)).containsExactly(0, 9);
  }
}
