package io.quiver.storage.catalog.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.testkit.etcd.EtcdExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The timestamp oracle's building block across processes: two stores (two etcd clients) allocate at once. */
class EtcdRangeAllocatorIT {

  @RegisterExtension
  static final EtcdExtension etcd = EtcdExtension.singleNode();

  record Range(long first, long count) {
    long end() {
      return first + count;
    }
  }

  @Test
  void allocateGivesDisjointRangesUnderConcurrencyFromTwoStores() throws Exception {
    String root = "/quiver/tso-test/";
    try (EtcdKvStore one = TestStores.open(etcd, root);
        EtcdKvStore two = TestStores.open(etcd, root)) {
      List<RangeAllocator> allocators = List.of(new RangeAllocator(one), new RangeAllocator(two));
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<List<Range>>> futures = new ArrayList<>();
      try {
        for (int t = 0; t < 6; t++) {
          RangeAllocator allocator = allocators.get(t % 2);
          Random random = new Random(t);
          futures.add(pool.submit(() -> {
            List<Range> mine = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
              long count = 1 + random.nextInt(100);
              mine.add(new Range(allocator.allocate("tso/global", count), count));
            }
            return mine;
          }));
        }
        List<Range> all = new ArrayList<>();
        for (Future<List<Range>> f : futures) {
          all.addAll(f.get());
        }
        all.sort(Comparator.comparingLong(Range::first));
        assertThat(all).hasSize(240);
        assertThat(all.getFirst().first()).isEqualTo(1);
        for (int i = 1; i < all.size(); i++) {
          // disjoint, and with no commit of unknown outcome also without holes
          assertThat(all.get(i).first()).as("range %d starts where range %d ends", i, i - 1).isEqualTo(all.get(i - 1).end());
        }
        long next = Long.parseLong(new String(one.get("tso/global").orElseThrow().value(), StandardCharsets.US_ASCII));
        assertThat(next).isEqualTo(all.getLast().end());
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
