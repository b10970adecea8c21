package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

  @Test
  void acceptsOrdinaryKeys() {
    for (String key : List.of("a", "segments/0001/vectors.arrow", "wal/shard-3/000017", "x.y", "..a", "a..", ".hidden",
        "a b/c+d", "ünï/\uD83D\uDE00")) {
      assertThat(ObjectKeys.requireValidKey(key)).isEqualTo(key);
    }
  }

  @Test
  void rejectsKeysThatCouldEscapeOrAreAmbiguousNamingTheKeyAndTheRule() {
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("a/../b")).hasMessage("object key has a '..' segment: 'a/../b'");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("./a")).hasMessage("object key has a '.' segment: './a'");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("/etc/passwd")).hasMessage("object key must not start with '/': '/etc/passwd'");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("a//b")).hasMessageContaining("empty segment").hasMessageContaining("'a//b'");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("a/")).hasMessageContaining("empty segment");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("")).hasMessage("object key must not be empty");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey(null)).hasMessage("object key must not be null");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("a\\b")).hasMessageContaining("'\\'");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("a\nb")).hasMessageContaining("control character U+000A")
        .hasMessageContaining("'a?b'");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("x/\uD83D")).hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("d/.quiver-tmp-1")).hasMessageContaining("reserved");
  }

  @Test
  void limitsKeysToS3sLengthAndSegmentsToFileNameLength() {
    String segment255 = "s".repeat(255);
    assertThat(ObjectKeys.requireValidKey(segment255)).hasSize(255);
    assertThatThrownBy(() -> ObjectKeys.requireValidKey(segment255 + "s")).hasMessageContaining("segment longer than 255");
    assertThatThrownBy(() -> ObjectKeys.requireValidKey("ü".repeat(128))).hasMessageContaining("segment longer than 255");
    List<String> segments = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      segments.add("s".repeat(200));
    }
    String key1004 = String.join("/", segments);
    assertThat(ObjectKeys.requireValidKey(key1004 + "/" + "x".repeat(19))).hasSize(1024);
    assertThatThrownBy(() -> ObjectKeys.requireValidKey(key1004 + "/" + "x".repeat(20))).hasMessageContaining("longer than 1024");
  }

  @Test
  void prefixesMayEndWithASlashOrInsideASegment() {
    for (String prefix : List.of("", "a/", "a/b/", "seg/00", "a", "a/.", "a/.qu")) {
      assertThat(ObjectKeys.requireValidPrefix(prefix)).isEqualTo(prefix);
    }
    for (String prefix : List.of("/", "/a", "a//", "../", "a/../b", "./", "a\u0000")) {
      assertThatThrownBy(() -> ObjectKeys.requireValidPrefix(prefix)).as(prefix)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }
  }

  @Test
  void orderIsUtf8ByteOrderLikeS3sAndNotUtf16() {
    List<String> keys = new ArrayList<>(List.of("b", "a/b", "a-b", "a", "\uFFFD", "\uD83D\uDE00", "é"));
    keys.sort(ObjectKeys.ORDER);
    // '-' (2D) < '/' (2F); U+FFFD < U+1F600, although its UTF-16 unit is larger than the surrogate's
    assertThat(keys).containsExactly("a", "a-b", "a/b", "b", "é", "\uFFFD", "\uD83D\uDE00");
  }
}
