package io.quiver.engine.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrimaryKeyIndexTest {

  @Test
  void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
    PrimaryKeyIndex index = new PrimaryKeyIndex(false);
    Map<Long, Long> reference = new HashMap<>();
    Random r = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      long key = r.nextInt(5_000) - 2_500L;
      if (r.nextInt(3) == 0) {
        Long expected = reference.remove(key);
        assertThat(index.removeLong(key)).isEqualTo(expected == null ? PrimaryKeyIndex.ABSENT : expected);
      } else {
        long loc = PrimaryKeyIndex.location(r.nextInt(100), r.nextInt(1 << 20));
        Long expected = reference.put(key, loc);
        assertThat(index.putLong(key, loc)).isEqualTo(expected == null ? PrimaryKeyIndex.ABSENT : expected);
      }
    }
    assertThat(index.size()).isEqualTo(reference.size());
    for (long key = -2_600; key < 2_600; key++) {
      Long expected = reference.get(key);
      assertThat(index.getLong(key)).isEqualTo(expected == null ? PrimaryKeyIndex.ABSENT : expected);
    }
  }

  @Test
  void encodesSlotAndRowInALocation() {
    long loc = PrimaryKeyIndex.location(7, 123_456);
    assertThat(PrimaryKeyIndex.slot(loc)).isEqualTo(7);
    assertThat(PrimaryKeyIndex.row(loc)).isEqualTo(123_456);
  }

  @Test
  void supportsStringKeys() {
    PrimaryKeyIndex index = new PrimaryKeyIndex(true);
    assertThat(index.put("a", 1)).isEqualTo(PrimaryKeyIndex.ABSENT);
    assertThat(index.put("a", 2)).isEqualTo(1);
    assertThat(index.get("a")).isEqualTo(2);
    assertThat(index.remove("a")).isEqualTo(2);
    assertThat(index.get("a")).isEqualTo(PrimaryKeyIndex.ABSENT);
  }
}
