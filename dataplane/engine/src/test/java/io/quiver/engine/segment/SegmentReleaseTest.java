package io.quiver.engine.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.FieldSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A released segment keeps only keys and timestamps; writes stay exact; restoring brings the data back. */
class SegmentReleaseTest {

  final CollectionSchema schema = TestSchemas.simple(2);
  final AtomicLong ids = new AtomicLong(1);
  final List<Segment> sealed = new ArrayList<>();

  Shard shard() {
    return new Shard(0, schema, ids::getAndIncrement, 1000, sealed::add);
  }

  static float[] vectors(int n) {
    float[] v = new float[n * 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return v;
  }

  @Test
  void releaseDropsColumnsAndResourcesButKeepsKeysAndDeletes() {
    Shard s = shard();
    long[] keys = new long[500];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i;
    }
    s.apply(TestSchemas.batch(schema, 1, 10, keys, vectors(500)));
    Segment seg = s.sealGrowing().get(0);
    Map<Long, ColumnData> stored = seg.snapshotColumns(seg.rowCount());
    AtomicBoolean arenaClosed = new AtomicBoolean();
    seg.attachResource(() -> arenaClosed.set(true));
    long before = seg.ramBytesUsed();

    seg.release(Set.of());

    assertThat(seg.isResident()).isFalse();
    assertThat(arenaClosed).isTrue();
    assertThat(seg.ramBytesUsed()).isLessThan(before);
    FieldSchema tag = schema.field("tag");
    FieldSchema vec = schema.field("vec");
    assertThatThrownBy(() -> seg.column(tag.id())).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
    assertThat(seg.vectorReader(vec.id())).isNull();
    assertThat(seg.primaryKey(7)).isEqualTo(7L);

    // Deletes and replacing inserts while released are applied exactly.
    s.apply(new WriteBatch(0, 1, 20, List.of(3L), Map.of(), 0));
    s.apply(TestSchemas.batch(schema, 1, 30, new long[] {4}, vectors(1)));
    assertThat(seg.isDeleted(3)).isTrue();
    assertThat(seg.isDeleted(4)).isTrue();
    assertThat(seg.deleteTimestamp(3)).isEqualTo(20);
    assertThat(s.liveRows()).isEqualTo(499);

    seg.restoreData(Map.of(tag.id(), stored.get(tag.id()), vec.id(), stored.get(vec.id())), Map.of(), null);

    assertThat(seg.isResident()).isTrue();
    assertThat(seg.column(tag.id()).getLong(123)).isEqualTo(3L);
    float[] v = new float[2];
    seg.column(vec.id()).getFloatVector(10, v, 0);
    assertThat(v).containsExactly(20f, 21f);
    assertThat(seg.isDeleted(3)).isTrue(); // deletes made while released survive the restore
    assertThat(seg.visible(3, 25)).isFalse();
    assertThat(seg.visible(3, 15)).isTrue();
  }

  @Test
  void aReleasedSegmentReportsItsStoredIndexesAndCannotBeCompacted() {
    Shard s = shard();
    s.apply(TestSchemas.batch(schema, 1, 10, new long[] {1, 2}, vectors(2)));
    Segment a = s.sealGrowing().get(0);
    s.apply(TestSchemas.batch(schema, 1, 11, new long[] {3, 4}, vectors(2)));
    Segment b = s.sealGrowing().get(0);
    long vec = schema.field("vec").id();
    assertThat(a.hasIndex(vec)).isFalse();
    a.release(Set.of(vec));
    assertThat(a.hasIndex(vec)).isTrue();
    a.dropIndex(vec);
    assertThat(a.hasIndex(vec)).isFalse();
    assertThatThrownBy(() -> s.compact(List.of(a, b), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void restoreReleasedBuildsOnlyTheKeyColumnAndAddedFieldsComeBackOnRestore() {
    long pk = schema.primaryField().id();
    long[] keys = {10, 11, 12};
    Segment seg = Segment.restoreReleased(99, 1, 0, schema,
        Map.of(pk, new ColumnData(schema.primaryField(), 3, keys, null)), 3, new long[] {5, 5, 6}, new long[] {0, 7, 0},
        Set.of());
    assertThat(seg.isResident()).isFalse();
    assertThat(seg.isSealed()).isTrue();
    assertThat(seg.liveCount()).isEqualTo(2);
    assertThat(seg.primaryKey(2)).isEqualTo(12L);
    Shard s = shard();
    s.addLoadedSegment(seg);
    assertThat(s.containsKey(11L)).isFalse();
    assertThat(s.containsKey(12L)).isTrue();

    seg.restoreData(Map.of(), Map.of(), null); // fields absent from storage read as null or default
    assertThat(seg.column(schema.field("tag").id()).getLong(0)).isEqualTo(0L);
  }
}
