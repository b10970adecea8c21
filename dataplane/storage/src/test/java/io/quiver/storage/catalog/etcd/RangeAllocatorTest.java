package io.quiver.storage.catalog.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.MemoryKvStore;
import io.quiver.storage.catalog.Txn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RangeAllocatorTest {

  @Test
  void handsOutConsecutiveRangesStartingAtOne() throws IOException {
    try (KvStore store = new MemoryKvStore()) {
      RangeAllocator allocator = new RangeAllocator(store);
      assertThat(allocator.allocate("tso/main", 10)).isEqualTo(1);
      assertThat(allocator.allocate("tso/main", 5)).isEqualTo(11);
      assertThat(allocator.allocate("tso/other", 1)).isEqualTo(1);
      assertThat(new String(store.get("tso/main").orElseThrow().value(), StandardCharsets.US_ASCII)).isEqualTo("16");
    }
  }

  @Test
  void aFloorAheadOfTheCounterMovesItForward() throws IOException {
    try (KvStore store = new MemoryKvStore()) {
      RangeAllocator allocator = new RangeAllocator(store);
      allocator.allocate("c", 3);
      assertThat(allocator.allocate("c", 2, 1000)).isEqualTo(1000);
      assertThat(allocator.allocate("c", 2, 10)).isEqualTo(1002);
    }
  }

  @Test
  void refusesACounterThatIsNotANumber() throws Exception {
    try (KvStore store = new MemoryKvStore()) {
      store.commit(Txn.builder().put("c", "twelve".getBytes(StandardCharsets.US_ASCII)).build());
      assertThatThrownBy(() -> new RangeAllocator(store).allocate("c", 1)).isInstanceOf(IOException.class)
          .hasMessageContaining("counter c holds 'twelve'");
    }
  }

  @Test
  void refusesEmptyRangesAndNegativeFloors() {
    RangeAllocator allocator = new RangeAllocator(new MemoryKvStore());
    assertThatThrownBy(() -> allocator.allocate("c", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> allocator.allocate("c", 1, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesARangeThatWouldOverflow() throws Exception {
    try (KvStore store = new MemoryKvStore()) {
      store.commit(Txn.builder().put("c", Long.toString(Long.MAX_VALUE - 5).getBytes(StandardCharsets.US_ASCII)).build());
      assertThatThrownBy(() -> new RangeAllocator(store).allocate("c", 10)).isInstanceOf(IOException.class)
          .hasMessageContaining("cannot hand out 10 more values");
    }
  }
}
