package io.quiver.engine.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.engine.schema.CollectionSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShardTest {

  final CollectionSchema schema = TestSchemas.simple(2);
  final AtomicLong ids = new AtomicLong(1);
  final List<Segment> sealed = new ArrayList<>();

  Shard shard(int maxRows) {
    return new Shard(0, schema, ids::getAndIncrement, maxRows, sealed::add);
  }

  static float[] vectors(int n) {
    float[] v = new float[n * 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return v;
  }

  @Test
  void insertingAnExistingKeyReplacesTheOlderRow() {
    Shard s = shard(100);
    s.apply(TestSchemas.batch(schema, 1, 10, new long[] {1, 2, 3}, vectors(3)));
    Shard.ApplyResult r = s.apply(TestSchemas.batch(schema, 1, 20, new long[] {2, 4}, vectors(2)));
    assertThat(r.replaced()).isEqualTo(1);
    assertThat(s.liveRows()).isEqualTo(4);
    Segment seg = s.segments().get(0);
    assertThat(seg.rowCount()).isEqualTo(5);
    assertThat(seg.isDeleted(1)).isTrue();
    // A reader at the old snapshot still sees the old row and not the new ones.
    assertThat(seg.visible(1, 15)).isTrue();
    assertThat(seg.visible(3, 15)).isFalse();
    assertThat(seg.visible(1, 20)).isFalse();
    assertThat(seg.visible(3, 20)).isTrue();
  }

  @Test
  void duplicateKeysInsideOneBatchKeepTheLastRow() {
    Shard s = shard(100);
    s.apply(TestSchemas.batch(schema, 1, 10, new long[] {5, 5, 5}, vectors(3)));
    Segment seg = s.segments().get(0);
    assertThat(s.liveRows()).isEqualTo(1);
    assertThat(seg.liveCount()).isEqualTo(1);
    assertThat(seg.isDeleted(2)).isFalse();
  }

  @Test
  void deletesByKeyAndCountsOnlyLiveRows() {
    Shard s = shard(100);
    s.apply(TestSchemas.batch(schema, 1, 10, new long[] {1, 2, 3}, vectors(3)));
    Shard.ApplyResult r = s.apply(new WriteBatch(0, 1, 11, List.of(1L, 3L, 99L), Map.of(), 0));
    assertThat(r.deleted()).isEqualTo(2);
    assertThat(s.liveRows()).isEqualTo(1);
    assertThat(s.appliedTimestamp()).isEqualTo(11);
  }

  @Test
  void sealsAFullSegmentAndStartsANewOne() {
    Shard s = shard(1024);
    long[] keys = new long[2500];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i;
    }
    s.apply(TestSchemas.batch(schema, 1, 10, keys, vectors(keys.length)));
    assertThat(s.segments()).hasSize(3);
    assertThat(sealed).hasSize(2);
    assertThat(s.segments().get(2).rowCount()).isEqualTo(2500 - 2048);
    assertThat(s.sealGrowing()).hasSize(1);
    assertThat(s.liveRows()).isEqualTo(2500);
  }

  @Test
  void droppingAPartitionRemovesItsKeys() {
    Shard s = shard(100);
    s.apply(TestSchemas.batch(schema, 1, 10, new long[] {1, 2}, vectors(2)));
    s.apply(TestSchemas.batch(schema, 2, 11, new long[] {3}, vectors(1)));
    s.dropPartition(1);
    assertThat(s.liveRows()).isEqualTo(1);
    assertThat(s.containsKey(1L)).isFalse();
    assertThat(s.containsKey(3L)).isTrue();
  }

  @Test
  void restoredSegmentsKeepTimestampsAndDeletes() {
    Shard s = shard(100);
    s.apply(TestSchemas.batch(schema, 1, 10, new long[] {1, 2}, vectors(2)));
    s.apply(TestSchemas.batch(schema, 1, 12, new long[] {3}, vectors(1)));
    s.apply(new WriteBatch(0, 1, 13, List.of(2L), Map.of(), 0));
    Segment seg = s.segments().get(0);
    int rows = seg.rowCount();
    Segment copy = Segment.restore(seg.id(), 1, 0, schema, seg.snapshotColumns(rows), rows, seg.snapshotTimestamps(rows),
        seg.snapshotDeleteTimestamps(rows));
    assertThat(copy.isSealed()).isTrue();
    assertThat(copy.timestamp(2)).isEqualTo(12);
    assertThat(copy.deleteTimestamp(1)).isEqualTo(13);
    assertThat(copy.liveCount()).isEqualTo(2);
    Shard other = shard(100);
    other.addLoadedSegment(copy);
    assertThat(other.liveRows()).isEqualTo(2);
    assertThat(other.appliedTimestamp()).isEqualTo(13);
  }
}
