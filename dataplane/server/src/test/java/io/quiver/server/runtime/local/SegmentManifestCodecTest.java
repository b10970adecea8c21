package io.quiver.server.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.engine.segment.KeyStats;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The segment manifest's optional key range: written when known, absent in older manifests. */
class SegmentManifestCodecTest {

  @Test
  void keyRangesOfEveryTypeRoundTrip() {
    for (KeyStats k : new KeyStats[] {new KeyStats(101, -5L, 9_000_000_000L), new KeyStats(102, -0.5, 2.25),
        new KeyStats(103, "apple", "pear"), new KeyStats(104, null, null)}) {
      CatalogCodec.SegmentManifest m = new CatalogCodec.SegmentManifest(7, 1, 0, 100, 3, "deletes-1.bin",
          Map.of(105L, "index-105.bin"), k);
      assertThat(CatalogCodec.segment(CatalogCodec.segment(m))).isEqualTo(m);
    }
  }

  @Test
  void aManifestWrittenBeforeKeyRangesReadsWithoutOne() {
    String old = "{\"id\":7,\"partition\":1,\"shard\":0,\"rows\":100,\"deletedCount\":0,\"indexes\":{}}";
    CatalogCodec.SegmentManifest m = CatalogCodec.segment(old.getBytes(StandardCharsets.UTF_8));
    assertThat(m.keyStats()).isNull();
    assertThat(m.rows()).isEqualTo(100);
    assertThat(CatalogCodec.segment(CatalogCodec.segment(m))).isEqualTo(m);
  }
}
