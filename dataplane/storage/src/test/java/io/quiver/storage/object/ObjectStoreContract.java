package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ObjectStore} contract, run against every implementation by a subclass. */
public abstract class ObjectStoreContract {

  protected ObjectStore store;

  @TempDir
  protected Path tmp;

  /** A new, empty store (or view); closed after each test. */
  protected abstract ObjectStore newStore() throws IOException;

  @BeforeEach
  void openStore() throws IOException {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Every byte value, several times. */
  protected static byte[] allByteValues() {
    byte[] bytes = new byte[256 * 4];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  protected static List<String> keys(List<ObjectInfo> infos) {
    return infos.stream().map(ObjectInfo::key).toList();
  }

  /** Puts many small objects from a few threads. */
  protected void putAll(ObjectStore target, List<String> keys) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String key : keys) {
        futures.add(pool.submit(() -> {
          target.put(key, utf8(key));
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------------------ put and get

  @Test
  void putThenGetReturnsTheSameBinaryContent() throws Exception {
    byte[] data = allByteValues();
    store.put("segments/0001/data.bin", data);
    assertThat(store.get("segments/0001/data.bin")).isEqualTo(data);
    try (InputStream in = store.open("segments/0001/data.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void emptyObjectRoundTrips() throws Exception {
    store.put("empty", new byte[0]);
    assertThat(store.get("empty")).isEmpty();
    assertThat(store.stat("empty")).hasValueSatisfying(info -> assertThat(info.size()).isZero());
    assertThat(store.getRange("empty", 0, 0)).isEmpty();
    assertThat(keys(store.list(""))).containsExactly("empty");
    store.put("empty-from-stream", new ByteArrayInputStream(new byte[0]), 0);
    assertThat(store.get("empty-from-stream")).isEmpty();
  }

  @Test
  void overwriteReplacesTheWholeObject() throws Exception {
    store.put("k", random(10_000, 1));
    store.put("k", utf8("short"));
    assertThat(store.get("k")).isEqualTo(utf8("short"));
    assertThat(store.stat("k").orElseThrow().size()).isEqualTo(5);
    assertThat(keys(store.list(""))).containsExactly("k");
  }

  @Test
  void putFromFileAndFromStreamStoreTheSameBytes() throws Exception {
    byte[] data = random(300_000, 2);
    Path file = Files.write(tmp.resolve("source.bin"), data);
    store.put("from-file", file);
    store.put("from-stream", new ByteArrayInputStream(data), data.length);
    assertThat(store.get("from-file")).isEqualTo(data);
    assertThat(store.get("from-stream")).isEqualTo(data);
  }

  @Test
  void putFromStreamReadsExactlyTheGivenLength() throws Exception {
    ByteArrayInputStream in = new ByteArrayInputStream(utf8("0123456789"));
    store.put("k", in, 4);
    assertThat(store.get("k")).isEqualTo(utf8("0123"));
    assertThat(in.available()).isEqualTo(6);
  }

  @Test
  void putFromAStreamThatEndsEarlyStoresNothing() throws Exception {
    store.put("kept", utf8("old"));
    assertThatThrownBy(() -> store.put("kept", new ByteArrayInputStream(utf8("abc")), 10))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("kept")
        .hasMessageContaining("ended after 3 of the 10 bytes")
        .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isFalse());
    assertThatThrownBy(() -> store.put("fresh", new ByteArrayInputStream(utf8("abc")), 10))
        .isInstanceOf(ObjectStoreException.class);
    assertThat(store.get("kept")).isEqualTo(utf8("old"));
    assertThat(store.stat("fresh")).isEmpty();
    assertThat(keys(store.list(""))).containsExactly("kept");
  }

  @Test
  void putFromAStreamThatFailsStoresNothing() throws Exception {
    store.put("kept", utf8("old"));
    InputStream failing = new InputStream() {
      int n;

      @Override
      public int read() throws IOException {
        if (++n > 1000) {
          throw new IOException("disk on fire");
        }
        return 7;
      }
    };
    assertThatThrownBy(() -> store.put("kept", failing, 5000))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("kept")
        .hasStackTraceContaining("disk on fire");
    assertThat(store.get("kept")).isEqualTo(utf8("old"));
    assertThat(keys(store.list(""))).containsExactly("kept");
  }

  // ---------------------------------------------------------------------------------- missing

  @Test
  void readsOfAMissingObjectThrowObjectNotFound() throws Exception {
    store.put("present", utf8("x"));
    assertThatThrownBy(() -> store.get("absent")).isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("absent")
        .satisfies(e -> assertThat(((ObjectNotFoundException) e).retryable()).isFalse())
        .satisfies(e -> assertThat(((ObjectNotFoundException) e).key()).isEqualTo("absent"));
    assertThatThrownBy(() -> store.open("absent")).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> store.getRange("absent", 0, 1)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> store.getRange("absent", 0, 0)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> store.download("absent", tmp.resolve("t"))).isInstanceOf(ObjectNotFoundException.class);
    assertThat(store.stat("absent")).isEmpty();
    assertThat(store.delete("absent")).isFalse();
  }

  // ------------------------------------------------------------------------------------ ranges

  @Test
  void rangedGetReturnsExactlyTheRequestedBytes() throws Exception {
    byte[] data = random(100_000, 3);
    store.put("r", data);
    long[][] ranges = {{0, 1}, {0, 100}, {1, 4096}, {50_000, 7}, {99_999, 1}, {99_000, 1000}, {0, 100_000}, {123, 0}};
    for (long[] r : ranges) {
      int offset = (int) r[0];
      int length = (int) r[1];
      assertThat(store.getRange("r", offset, length))
          .as("range at %d of %d bytes", offset, length)
          .isEqualTo(Arrays.copyOfRange(data, offset, offset + length));
    }
  }

  @Test
  void rangeReachingPastTheEndFailsClearly() throws Exception {
    store.put("r", random(1000, 4));
    for (long[] r : new long[][] {{999, 2}, {1000, 1}, {5000, 10}, {0, 1001}}) {
      assertThatThrownBy(() -> store.getRange("r", r[0], (int) r[1]))
          .as("range at %d of %d bytes", r[0], r[1])
          .isInstanceOf(ObjectStoreException.class)
          .isNotInstanceOf(ObjectNotFoundException.class)
          .hasMessageContaining("past the end")
          .hasMessageContaining("1000 bytes")
          .satisfies(e -> assertThat(((ObjectStoreException) e).retryable()).isFalse());
    }
    assertThat(store.getRange("r", 1000, 0)).isEmpty();
  }

  @Test
  void negativeRangeIsRejected() throws Exception {
    store.put("r", random(10, 5));
    assertThatThrownBy(() -> store.getRange("r", -1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.getRange("r", 0, -2)).isInstanceOf(IllegalArgumentException.class);
  }

  // -------------------------------------------------------------------------------------- stat

  @Test
  void statReportsSizeModificationTimeAndAnEtagThatChangesWithTheContent() throws Exception {
    store.put("s", random(1234, 6));
    ObjectInfo first = store.stat("s").orElseThrow();
    assertThat(first.key()).isEqualTo("s");
    assertThat(first.size()).isEqualTo(1234);
    assertThat(first.lastModified()).isAfter(java.time.Instant.now().minusSeconds(600));
    assertThat(first.etag()).isNotEmpty().doesNotContain("\"");
    store.put("s", random(1234, 7));
    assertThat(store.stat("s").orElseThrow().etag()).isNotEqualTo(first.etag());
  }

  // ------------------------------------------------------------------------------------- lists

  @Test
  void listReturnsSortedKeysUnderAPrefix() throws Exception {
    List<String> all = List.of("seg/001/a", "seg/001/b", "seg/002/a", "seg/010", "segment", "wal/1", "z");
    for (String key : all.reversed()) {
      store.put(key, utf8(key));
    }
    assertThat(keys(store.list(""))).containsExactlyElementsOf(all);
    assertThat(keys(store.list("seg/"))).containsExactly("seg/001/a", "seg/001/b", "seg/002/a", "seg/010");
    assertThat(keys(store.list("seg/00"))).containsExactly("seg/001/a", "seg/001/b", "seg/002/a");
    assertThat(keys(store.list("seg"))).containsExactly("seg/001/a", "seg/001/b", "seg/002/a", "seg/010", "segment");
    assertThat(keys(store.list("seg/001/"))).containsExactly("seg/001/a", "seg/001/b");
    assertThat(keys(store.list("nothing/"))).isEmpty();
    assertThat(store.list("wal/")).singleElement().satisfies(info -> {
      assertThat(info.key()).isEqualTo("wal/1");
      assertThat(info.size()).isEqualTo(5);
    });
  }

  @Test
  void listsOfMoreThanOneThousandKeysArePaged() throws Exception {
    List<String> many = IntStream.range(0, 1100).mapToObj(i -> "many/" + String.format("%05d", i)).toList();
    putAll(store, many);
    store.put("other", utf8("o"));

    assertThat(keys(store.list("many/"))).containsExactlyElementsOf(many);

    ObjectListing first = store.listPage("many/", null, 1000);
    assertThat(first.truncated()).isTrue();
    assertThat(keys(first.objects())).containsExactlyElementsOf(many.subList(0, 1000));
    ObjectListing second = store.listPage("many/", first.nextStartAfter().orElseThrow(), 1000);
    assertThat(second.truncated()).isFalse();
    assertThat(keys(second.objects())).containsExactlyElementsOf(many.subList(1000, 1100));
    assertThat(second.nextStartAfter()).isEmpty();

    store.deleteAll(many);
    assertThat(keys(store.list(""))).containsExactly("other");
  }

  @Test
  void listPageStartsAfterTheGivenKey() throws Exception {
    for (String key : List.of("p/a", "p/b", "p/c", "p/d")) {
      store.put(key, utf8(key));
    }
    ObjectListing page = store.listPage("p/", "p/b", 1);
    assertThat(keys(page.objects())).containsExactly("p/c");
    assertThat(page.truncated()).isTrue();
    assertThat(keys(store.listPage("p/", "p/c", 10).objects())).containsExactly("p/d");
    assertThat(keys(store.listPage("p/", "", 10).objects())).containsExactly("p/a", "p/b", "p/c", "p/d");
    assertThatThrownBy(() -> store.listPage("p/", null, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------------------------ delete

  @Test
  void deleteRemovesTheObjectAndSaysWhetherItExisted() throws Exception {
    store.put("d/1", utf8("1"));
    store.put("d/2", utf8("2"));
    assertThat(store.delete("d/1")).isTrue();
    assertThat(store.delete("d/1")).isFalse();
    assertThat(store.stat("d/1")).isEmpty();
    assertThat(keys(store.list(""))).containsExactly("d/2");
    store.put("d/1", utf8("again"));
    assertThat(store.get("d/1")).isEqualTo(utf8("again"));
  }

  @Test
  void deleteAllRemovesTheGivenKeysAndIgnoresMissingOnes() throws Exception {
    for (String key : List.of("a", "b/1", "b/2", "c")) {
      store.put(key, utf8(key));
    }
    store.deleteAll(List.of("a", "b/1", "missing", "b/1"));
    assertThat(keys(store.list(""))).containsExactly("b/2", "c");
    store.deleteAll(List.of());
    assertThat(keys(store.list(""))).containsExactly("b/2", "c");
  }

  // ------------------------------------------------------------------------------------- views

  @Test
  void scopedViewsIsolatePrefixes() throws Exception {
    ObjectStore a = store.scoped("tenant-a/db1");
    ObjectStore b = store.scoped("tenant-b");
    a.put("seg/1", utf8("a1"));
    b.put("seg/1", utf8("b1"));
    b.put("seg/2", utf8("b2"));

    assertThat(a.get("seg/1")).isEqualTo(utf8("a1"));
    assertThat(b.get("seg/1")).isEqualTo(utf8("b1"));
    assertThat(keys(a.list(""))).containsExactly("seg/1");
    assertThat(keys(b.list("seg/"))).containsExactly("seg/1", "seg/2");
    assertThat(keys(store.list(""))).containsExactly("tenant-a/db1/seg/1", "tenant-b/seg/1", "tenant-b/seg/2");
    assertThat(store.get("tenant-a/db1/seg/1")).isEqualTo(utf8("a1"));
    assertThat(a.stat("seg/2")).isEmpty();

    ObjectStore nested = store.scoped("tenant-a").scoped("db1");
    assertThat(nested.get("seg/1")).isEqualTo(utf8("a1"));
    assertThat(nested.location()).isEqualTo(a.location());
    assertThat(a.location()).endsWith("tenant-a/db1");

    b.deleteAll(List.of("seg/1", "seg/2"));
    assertThat(a.get("seg/1")).isEqualTo(utf8("a1"));
    assertThat(keys(store.list(""))).containsExactly("tenant-a/db1/seg/1");
    a.close(); // closing a view leaves the store usable
    assertThat(store.get("tenant-a/db1/seg/1")).isEqualTo(utf8("a1"));
    assertThat(a.withDeadline(java.time.Duration.ofSeconds(5)).get("seg/1")).isEqualTo(utf8("a1"));
  }

  // -------------------------------------------------------------------------------------- keys

  @Test
  void invalidKeysAreRejectedNamingTheKey() {
    for (String key : List.of("../escape", "a/../b", "/absolute", "a//b", "trailing/", "a/./b", ".", "..",
        "back\\slash", "ctl\u0001x", ".quiver-tmp-1234")) {
      assertThatThrownBy(() -> store.put(key, utf8("x")))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("object key");
      assertThatThrownBy(() -> store.get(key)).as(key).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store.put("../escape", utf8("x"))).hasMessageContaining("'../escape'");
    assertThatThrownBy(() -> store.put("", utf8("x"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> store.scoped("../up")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.scoped("dir/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.deleteAll(List.of("ok", "a//b"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysWithUnicodeAndPunctuationWork() throws Exception {
    List<String> keys = List.of("dåtå/ünïcødé", "emoji/\uD83D\uDE00", "punct/a b+c=d&e,f;g@h!i'j(k)l~m", "x.y-z_0");
    for (String key : keys) {
      store.put(key, utf8(key));
    }
    for (String key : keys) {
      assertThat(store.get(key)).as(key).isEqualTo(utf8(key));
    }
    assertThat(keys(store.list(""))).containsExactlyInAnyOrderElementsOf(keys);
  }

  // ---------------------------------------------------------------------------------- download

  @Test
  void downloadReplacesTheTargetFileWithTheObject() throws Exception {
    byte[] data = random(200_000, 8);
    store.put("dl", data);
    Path target = tmp.resolve("target.bin");
    Files.write(target, utf8("old content"));
    store.download("dl", target);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);

    assertThatThrownBy(() -> store.download("missing", target)).isInstanceOf(ObjectNotFoundException.class);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("target.bin");
    }
  }

  // ------------------------------------------------------------------------------- concurrency

  @Test
  void concurrentWritersAndReadersSeeWholeObjects() throws Exception {
    byte[] a = random(50_000, 9);
    byte[] b = random(70_000, 10);
    store.put("hot", a);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            if (id % 2 == 0) {
              store.put("hot", i % 2 == 0 ? a : b);
            } else {
              byte[] seen = store.get("hot");
              assertThat(Arrays.equals(seen, a) || Arrays.equals(seen, b)).as("whole object").isTrue();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
