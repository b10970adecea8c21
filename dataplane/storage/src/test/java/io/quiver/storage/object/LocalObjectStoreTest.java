package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContract {

  @TempDir
  Path root;

  @Override
  protected ObjectStore newStore() throws IOException {
    return new LocalObjectStore(root.resolve("objects"));
  }

  private Path objects() {
    return root.resolve("objects");
  }

  /** Every file under the store's directory, relative, with '/' separators. */
  private List<String> files() throws IOException {
    try (Stream<Path> paths = Files.walk(objects())) {
      return paths.filter(Files::isRegularFile).map(p -> objects().relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void objectsAreFilesUnderTheRootDirectory() throws Exception {
    store.put("segments/7/vectors.arrow", utf8("v"));
    assertThat(Files.readString(objects().resolve("segments/7/vectors.arrow"))).isEqualTo("v");
    assertThat(store.location()).isEqualTo(objects().toUri().toString().replaceFirst("/$", ""));
    assertThat(store.scoped("db1").location()).isEqualTo(store.location() + "/db1");
  }

  @Test
  void aWriteThatFailsMidwayLeavesTheOldObjectAndNoPartialFile() throws Exception {
    store.put("seg/data", utf8("committed"));
    InputStream failing = new InputStream() {
      int n;

      @Override
      public int read() throws IOException {
        if (++n > 100_000) {
          throw new IOException("simulated failure after 100000 bytes");
        }
        return 'x';
      }
    };
    assertThatThrownBy(() -> store.put("seg/data", failing, 1_000_000))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("PUT")
        .hasMessageContaining("seg/data");
    assertThat(store.get("seg/data")).isEqualTo(utf8("committed"));
    assertThat(files()).containsExactly("seg/data");
  }

  @Test
  void aWriteToANewKeyThatFailsLeavesNoFileAndNoDirectory() throws Exception {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("simulated failure");
      }
    };
    assertThatThrownBy(() -> store.put("fresh/dir/data", failing, 10)).isInstanceOf(ObjectStoreException.class);
    assertThat(store.stat("fresh/dir/data")).isEmpty();
    assertThat(files()).isEmpty();
  }

  @Test
  void temporaryFilesLeftByACrashAreNotListedAndArePurgedWhenOld() throws Exception {
    store.put("seg/data", utf8("committed"));
    Path stale = objects().resolve("seg/" + ObjectKeys.RESERVED_SEGMENT_PREFIX + "-00000000deadbeef");
    Path fresh = objects().resolve("seg/" + ObjectKeys.RESERVED_SEGMENT_PREFIX + "-00000000cafebabe");
    Files.writeString(stale, "partial");
    Files.writeString(fresh, "in progress");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    assertThat(keys(store.list(""))).containsExactly("seg/data");
    assertThat(store.purgeIncompleteWrites(Duration.ofHours(1))).isEqualTo(1);
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    assertThat(store.get("seg/data")).isEqualTo(utf8("committed"));
  }

  @Test
  void deleteRemovesDirectoriesItLeavesEmptyButNotTheRoot() throws Exception {
    store.put("a/b/c/1", utf8("1"));
    store.put("a/2", utf8("2"));
    store.delete("a/b/c/1");
    assertThat(objects().resolve("a/b")).doesNotExist();
    assertThat(objects().resolve("a")).isDirectory();
    store.delete("a/2");
    assertThat(objects().resolve("a")).doesNotExist();
    assertThat(objects()).isDirectory();
    store.put("a/b/c/1", utf8("back"));
    assertThat(store.get("a/b/c/1")).isEqualTo(utf8("back"));
  }

  @Test
  void aKeyCannotBeBothAnObjectAndAPrefix() throws Exception {
    store.put("a/b", utf8("under a"));
    assertThatThrownBy(() -> store.put("a", utf8("x")))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("prefix of other objects");
    store.put("x", utf8("object x"));
    assertThatThrownBy(() -> store.put("x/y", utf8("y")))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("an object named x exists");
    assertThat(store.get("a/b")).isEqualTo(utf8("under a"));
    assertThat(store.get("x")).isEqualTo(utf8("object x"));
    assertThat(store.stat("a")).isEmpty();
    assertThatThrownBy(() -> store.get("a")).isInstanceOf(ObjectNotFoundException.class);
    assertThat(store.delete("a")).isFalse();
  }

  @Test
  void viewsShareTheRootDirectory() throws Exception {
    ObjectStore view = store.scoped("cluster/db");
    view.put("k", utf8("v"));
    assertThat(Files.readString(objects().resolve("cluster/db/k"))).isEqualTo("v");
    assertThat(store.withDeadline(Duration.ofMillis(1))).isSameAs(store);
  }

  @Test
  void aStoreOpenedOnAnExistingDirectorySeesItsObjects() throws Exception {
    store.put("persisted", utf8("p"));
    try (ObjectStore again = new ObjectStoreConfig.Local(objects(), false).open()) {
      assertThat(again.get("persisted")).isEqualTo(utf8("p"));
    }
  }
}
