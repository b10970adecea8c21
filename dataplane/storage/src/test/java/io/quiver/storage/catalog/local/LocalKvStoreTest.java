package io.quiver.storage.catalog.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.KvStore.Entry;
import io.quiver.storage.catalog.KvStoreContract;
import io.quiver.storage.catalog.Txn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKvStoreTest extends KvStoreContract {

  @TempDir Path dir;

  @Override
  protected KvStore newStore() throws IOException {
    return LocalKvStore.open(dir);
  }

  /** The value the crash test stores under {@code key}: 2 KiB derived from the key. */
  static byte[] value(String key) {
    byte[] out = new byte[2048];
    new Random(key.hashCode()).nextBytes(out);
    return out;
  }

  private Path snapshot() {
    return dir.resolve(LocalKvStore.SNAPSHOT_FILE);
  }

  private List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  @Test
  void keepsEntriesAndRevisionAcrossReopen() throws Exception {
    store.commit(Txn.builder().put("a", utf8("1")).put("😀/ключ", new byte[0]).build());
    store.commit(Txn.builder().put("b", utf8("2")).build());
    store.commit(Txn.builder().delete("a").build());
    List<Entry> before = store.scan("");
    store.close();
    try (LocalKvStore reopened = LocalKvStore.open(dir)) {
      assertThat(reopened.scan("")).containsExactlyElementsOf(before);
      assertThat(reopened.revision()).isEqualTo(3);
      assertThat(reopened.commit(Txn.builder().put("c", utf8("3")).build())).isEqualTo(4);
    }
  }

  @Test
  void createsAMissingDirectory() throws Exception {
    Path nested = dir.resolve("new").resolve("catalog");
    try (LocalKvStore created = LocalKvStore.open(nested)) {
      created.commit(Txn.builder().put("k", utf8("v")).build());
    }
    try (LocalKvStore reopened = LocalKvStore.open(nested)) {
      assertThat(text(reopened.get("k"))).isEqualTo("v");
    }
  }

  @Test
  void revisionNeverGoesBackEvenWhenEveryKeyIsDeleted() throws Exception {
    store.commit(Txn.builder().put("a", utf8("1")).build());
    store.commit(Txn.builder().delete("a").build());
    store.close();
    try (LocalKvStore reopened = LocalKvStore.open(dir)) {
      assertThat(reopened.scan("")).isEmpty();
      assertThat(reopened.revision()).isEqualTo(2);
      assertThat(reopened.commit(Txn.builder().put("a", utf8("again")).build())).isEqualTo(3);
    }
  }

  @Test
  void ignoresAndRemovesAHalfWrittenSnapshotFromACrash() throws Exception {
    store.commit(Txn.builder().put("a", utf8("1")).build());
    store.close();
    Path torn = dir.resolve(LocalKvStore.SNAPSHOT_FILE + ".5eed.tmp");
    Files.write(torn, new byte[] {0x51, 0x4B, 0x56});
    try (LocalKvStore reopened = LocalKvStore.open(dir)) {
      assertThat(text(reopened.get("a"))).isEqualTo("1");
      assertThat(tempFiles()).isEmpty();
    }
  }

  @Test
  void refusesADamagedSnapshotInsteadOfStartingEmpty() throws Exception {
    store.commit(Txn.builder().put("a", utf8("1")).build());
    store.close();
    byte[] good = Files.readAllBytes(snapshot());
    for (int at : new int[] {0, 5, 20, good.length / 2, good.length - 1}) {
      byte[] damaged = good.clone();
      damaged[at] ^= 0x40;
      Files.write(snapshot(), damaged);
      assertThatThrownBy(() -> LocalKvStore.open(dir))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(snapshot().toString())
          .hasMessageContaining("damaged");
    }
    Files.write(snapshot(), good); // a failed open released the lock
    try (LocalKvStore reopened = LocalKvStore.open(dir)) {
      assertThat(text(reopened.get("a"))).isEqualTo("1");
    }
  }

  @Test
  void aFailedSnapshotWriteStopsTheStoreAndAppliesNothing() throws Exception {
    store.commit(Txn.builder().put("a", utf8("1")).build());
    Path saved = dir.resolve("saved");
    Files.move(snapshot(), saved);
    Files.createDirectories(snapshot().resolve("blocker")); // the rename onto a non-empty directory fails
    assertThatThrownBy(() -> store.commit(Txn.builder().put("b", utf8("2")).build())).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> store.get("a")).isInstanceOf(IOException.class).hasMessageContaining("reopen");
    assertThatThrownBy(() -> store.commit(Txn.builder().put("c", utf8("3")).build())).isInstanceOf(IOException.class);
    store.close();
    Files.delete(snapshot().resolve("blocker"));
    Files.delete(snapshot());
    Files.move(saved, snapshot());
    try (LocalKvStore reopened = LocalKvStore.open(dir)) {
      assertThat(reopened.scan("")).extracting(Entry::key).containsExactly("a");
      assertThat(reopened.revision()).isEqualTo(1);
      assertThat(tempFiles()).isEmpty();
    }
  }

  @Test
  void aSecondOpenInTheSameProcessFails() throws Exception {
    assertThatThrownBy(() -> LocalKvStore.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("catalog directory " + dir.toAbsolutePath() + " is already open in this process");
    store.close();
    try (LocalKvStore reopened = LocalKvStore.open(dir)) {
      assertThat(reopened.revision()).isZero();
    }
  }

  @Test
  void anotherProcessCannotOpenTheStoreWhileItIsOpen() throws Exception {
    // This process holds the store: a child fails to open it.
    Process child = startChild(true, "hold", dir.toString());
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor()).isNotZero();
    assertThat(output).contains("catalog directory " + dir.toAbsolutePath() + " is in use by another process");

    // A child holds the store: this process fails to open it, until the child exits.
    store.close();
    child = startChild(false, "hold", dir.toString());
    BufferedReader lines = lines(child);
    assertThat(lines.readLine()).isEqualTo("OPEN 0");
    assertThatThrownBy(() -> LocalKvStore.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessage("catalog directory " + dir.toAbsolutePath() + " is in use by another process");
    child.getOutputStream().close();
    assertThat(child.waitFor()).isZero();
    LocalKvStore.open(dir).close();

    // A child that is killed while holding the store releases it.
    child = startChild(false, "hold", dir.toString());
    assertThat(lines(child).readLine()).isEqualTo("OPEN 0");
    child.toHandle().destroyForcibly();
    child.waitFor();
    LocalKvStore.open(dir).close();
  }

  @Test
  void everyAcknowledgedCommitSurvivesSigkillDuringCommits() throws Exception {
    store.close();
    Random random = new Random(7);
    int totalKeys = 0;
    long lastRevision = 0;
    for (int round = 0; round < 20; round++) {
      String prefix = "round" + round;
      Process child = startChild(false, "commit", dir.toString(), prefix);
      BufferedReader lines = lines(child);
      String open = lines.readLine();
      assertThat(open).as("child output").startsWith("OPEN ");
      assertThat(Long.parseLong(open.substring(5))).isEqualTo(lastRevision);
      int wanted = random.nextInt(40); // 0: killed during its first commit
      int acked = -1;
      long ackedRevision = lastRevision;
      String line;
      while (acked + 1 < wanted && (line = lines.readLine()) != null) {
        acked = Integer.parseInt(line.split(" ")[1]);
        ackedRevision = Long.parseLong(line.split(" ")[2]);
      }
      // SIGKILL, most likely in the middle of a commit. (Process.destroyForcibly would also close
      // our end of the pipe; the handle only sends the signal.)
      child.toHandle().destroyForcibly();
      child.waitFor();
      while ((line = lines.readLine()) != null) { // acknowledgements still in the pipe count too
        if (line.startsWith("ACK ")) {
          acked = Integer.parseInt(line.split(" ")[1]);
          ackedRevision = Long.parseLong(line.split(" ")[2]);
        }
      }
      assertThat(acked).as("round %d acknowledged commits", round).isGreaterThanOrEqualTo(wanted - 1);

      try (LocalKvStore reopened = LocalKvStore.open(dir)) {
        List<Entry> keys = reopened.scan(prefix + "/");
        assertThat(keys.size()).as("round %d keys", round).isGreaterThanOrEqualTo(acked + 1);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
          expected.add(prefix + "/" + i); // commits are sequential: no gaps
        }
        assertThat(keys).extracting(Entry::key).containsExactlyInAnyOrderElementsOf(expected);
        for (Entry e : keys) {
          assertThat(e.value()).as(e.key()).isEqualTo(value(e.key()));
        }
        totalKeys += keys.size();
        assertThat(reopened.size()).isEqualTo(totalKeys);
        assertThat(reopened.revision()).isEqualTo(totalKeys).isGreaterThanOrEqualTo(ackedRevision);
        lastRevision = reopened.revision();
        assertThat(tempFiles()).isEmpty();
      }
    }
  }

  private static BufferedReader lines(Process child) {
    return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
  }

  private static Process startChild(boolean mergeStderr, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"),
        KvStoreChild.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (mergeStderr) {
      builder.redirectErrorStream(true);
    } else {
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    return builder.start();
  }
}
