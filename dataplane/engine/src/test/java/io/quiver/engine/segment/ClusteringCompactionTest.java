package io.quiver.engine.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.FieldSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Shard.compact with a sort key: sorted outputs of bounded size with disjoint key ranges. */
class ClusteringCompactionTest {

  final CollectionSchema schema = TestSchemas.simple(2);
  final FieldSchema tag = schema.field("tag");
  final AtomicLong ids = new AtomicLong(1);
  final List<Segment> sealed = new ArrayList<>();

  static float[] vectors(int n) {
    float[] v = new float[n * 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return v;
  }

  /** 600 rows (keys 0..599, tag = key % 10, 60 rows per tag) in six sealed segments; keys % 7 == 0 deleted. */
  Shard filled() {
    Shard s = new Shard(0, schema, ids::getAndIncrement, 100, sealed::add);
    long ts = 10;
    for (int b = 0; b < 6; b++) {
      long[] keys = new long[100];
      for (int i = 0; i < 100; i++) {
        keys[i] = b * 100L + i;
      }
      s.apply(TestSchemas.batch(schema, 1, ts++, keys, vectors(100)));
    }
    List<Object> deleted = new ArrayList<>();
    for (long k = 0; k < 600; k += 7) {
      deleted.add(k);
    }
    s.apply(new WriteBatch(0, 1, ts, deleted, Map.of(), 0));
    s.sealGrowing();
    return s;
  }

  @Test
  void rewritesLiveRowsSortedIntoBoundedSegmentsWithDisjointRanges() {
    Shard s = filled();
    List<Segment> inputs = s.segments();
    assertThat(inputs).hasSize(6);
    long live = s.liveRows();
    List<Segment> outs = s.compact(inputs, 0, tag, 130, 100);

    assertThat(s.segments()).containsExactlyElementsOf(outs);
    assertThat(outs.stream().mapToLong(Segment::rowCount).sum()).isEqualTo(live);
    long lastMax = Long.MIN_VALUE;
    Set<Object> keys = new HashSet<>();
    for (Segment out : outs) {
      assertThat(out.rowCount()).isLessThanOrEqualTo(130);
      assertThat(out.deletedCount()).isZero();
      KeyStats st = out.keyStats();
      assertThat(st.fieldId()).isEqualTo(tag.id());
      assertThat((Long) st.min()).isGreaterThan(lastMax); // disjoint and in order
      lastMax = (Long) st.max();
      ColumnReader c = out.column(tag.id());
      for (int row = 0; row < out.rowCount(); row++) {
        assertThat(c.getLong(row)).isBetween((Long) st.min(), (Long) st.max());
        if (row > 0) {
          assertThat(c.getLong(row)).isGreaterThanOrEqualTo(c.getLong(row - 1));
        }
        Object pk = out.primaryKey(row);
        assertThat((Long) pk % 7).isNotZero();
        assertThat(keys.add(pk)).isTrue();
      }
    }
    // runs of equal tags (about 51 rows each) stay together: two tags per segment of at most 130
    assertThat(outs).hasSize(5);
    // the primary-key index follows the rows: a delete by key reaches the output segments
    Shard.ApplyResult r = s.apply(new WriteBatch(0, 1, 100, List.of(1L, 2L, 7L), Map.of(), 0));
    assertThat(r.deleted()).isEqualTo(2);
    assertThat(s.liveRows()).isEqualTo(live - 2);
  }

  @Test
  void aKeyValueLargerThanASegmentIsCutAndTheOutputLimitIsChecked() {
    Shard s = filled();
    List<Segment> inputs = s.segments();
    assertThatThrownBy(() -> s.compact(inputs, 0, tag, 20, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThat(s.segments()).containsExactlyElementsOf(inputs); // nothing changed
    List<Segment> outs = s.compact(inputs, 0, tag, 20, 100);
    for (Segment out : outs) {
      assertThat(out.rowCount()).isLessThanOrEqualTo(20);
    }
    assertThat(outs.stream().mapToLong(Segment::rowCount).sum()).isEqualTo(600 - 86);
  }

  @Test
  void keyStatsOfASegment() {
    Shard s = filled();
    Segment first = s.segments().get(0);
    KeyStats st = KeyStats.of(first, schema.field("id"), first.rowCount());
    assertThat(st.min()).isEqualTo(0L);
    assertThat(st.max()).isEqualTo(99L);
  }
}
