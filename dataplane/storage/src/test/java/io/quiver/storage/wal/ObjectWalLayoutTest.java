package io.quiver.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.storage.object.ObjectInfo;
import io.quiver.storage.wal.ObjectWalFormat.BatchKey;
import io.quiver.storage.wal.ObjectWalFormat.FenceKey;
import io.quiver.storage.wal.ObjectWalFormat.FloorKey;
import io.quiver.storage.wal.ObjectWalFormat.StartKey;
import io.quiver.storage.wal.ObjectWalLayout.LiveBatch;
import io.quiver.storage.wal.ObjectWalLayout.View;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge rule of {@link ObjectWalLayout} on hand-made listings. */
class ObjectWalLayoutTest {

  private static ObjectInfo object(String key) {
    return new ObjectInfo(key, 100, Instant.EPOCH, "etag");
  }

  private static View resolve(String... keys) {
    List<ObjectInfo> objects = new ArrayList<>();
    for (String key : keys) {
      objects.add(object(key));
    }
    return ObjectWalLayout.resolve(objects);
  }

  private static String fence(long epoch) {
    return ObjectWalFormat.fenceKey(epoch);
  }

  private static String start(long epoch, long lsn) {
    return ObjectWalFormat.startKey(epoch, lsn);
  }

  private static String batch(long epoch, long first, long last) {
    return ObjectWalFormat.batchKey(epoch, first, last);
  }

  /** The live ranges as "epoch:first-last". */
  private static List<String> live(View view) {
    return view.live().stream()
        .map(b -> b.object().epoch() + ":" + b.firstLsn() + "-" + b.lastLsn())
        .toList();
  }

  private static List<String> dead(View view) {
    return view.dead().stream().map(b -> b.epoch() + ":" + b.firstLsn() + "-" + b.lastLsn()).toList();
  }

  @Test
  void anEmptyLogStartsAtLsnOne() {
    View view = resolve();
    assertThat(view.nextLsn()).isEqualTo(1);
    assertThat(view.highestEpoch()).isZero();
    assertThat(view.live()).isEmpty();
  }

  @Test
  void batchesOfOneEpochFormTheLog() {
    View view = resolve(fence(1), start(1, 1), batch(1, 1, 5), batch(1, 6, 6), batch(1, 7, 20));
    assertThat(live(view)).containsExactly("1:1-5", "1:6-6", "1:7-20");
    assertThat(view.nextLsn()).isEqualTo(21);
    assertThat(view.highestEpoch()).isEqualTo(1);
  }

  @Test
  void aHigherEpochCutsTheLowerEpochsBatchesAtItsStart() throws WalCorruptionException {
    // epoch 1 wrote 1-10, then (late, after epoch 2 started at 6) 6-12; epoch 2 wrote 6-8
    View view = resolve(fence(1), start(1, 1), batch(1, 1, 10), batch(1, 11, 12), fence(2), start(2, 6),
        batch(2, 6, 8));
    assertThat(live(view)).containsExactly("1:1-5", "2:6-8");
    assertThat(dead(view)).containsExactly("1:11-12");
    assertThat(view.nextLsn()).isEqualTo(9);
    view.requireConsistent("test");
  }

  @Test
  void aStartMarkerCutsLowerEpochsEvenBeforeItsEpochWroteABatch() {
    View view = resolve(fence(1), start(1, 1), batch(1, 1, 4), batch(1, 5, 9), fence(2), start(2, 5));
    assertThat(live(view)).containsExactly("1:1-4");
    assertThat(dead(view)).containsExactly("1:5-9");
    assertThat(view.nextLsn()).isEqualTo(5);
  }

  @Test
  void aFenceWithoutAStartMarkerCutsNothing() {
    // epoch 2 failed to open after its fence; epoch 1's batch counts (it may be unacknowledged)
    View view = resolve(fence(1), start(1, 1), batch(1, 1, 4), fence(2));
    assertThat(live(view)).containsExactly("1:1-4");
    assertThat(view.nextLsn()).isEqualTo(5);
    assertThat(view.highestEpoch()).isEqualTo(2);
    assertThat(view.epochsWithData()).containsExactly(1L);
  }

  @Test
  void theLowestStartOfAllHigherEpochsCuts() throws WalCorruptionException {
    // epoch 2 started at 4, epoch 3 at 7: epoch 1 is cut at 4, epoch 2 at 7
    View view = resolve(start(1, 1), batch(1, 1, 9), start(2, 4), batch(2, 4, 9), start(3, 7), batch(3, 7, 8));
    assertThat(live(view)).containsExactly("1:1-3", "2:4-6", "3:7-8");
    assertThat(view.nextLsn()).isEqualTo(9);
    view.requireConsistent("test");
  }

  @Test
  void theNextLsnIsNeverBelowAStartMarkerOrTheFloor() {
    assertThat(resolve(start(1, 1), batch(1, 1, 3), start(2, 4)).nextLsn()).isEqualTo(4);
    assertThat(resolve(start(1, 1), batch(1, 1, 3), start(2, 40)).nextLsn()).isEqualTo(40);
    assertThat(resolve(start(1, 1), ObjectWalFormat.floorKey(7)).nextLsn()).isEqualTo(7);
  }

  @Test
  void batchesBelowTheFloorAreDeadAndTheHighestFloorCounts() {
    View view = resolve(start(1, 1), batch(1, 1, 3), batch(1, 4, 6), batch(1, 7, 9),
        ObjectWalFormat.floorKey(4), ObjectWalFormat.floorKey(7));
    assertThat(live(view)).containsExactly("1:7-9");
    assertThat(dead(view)).containsExactly("1:1-3", "1:4-6");
    assertThat(view.floor()).isEqualTo(7);
    assertThat(view.floors()).containsExactly(4L, 7L);
  }

  @Test
  void aGapBetweenLiveBatchesIsDamage() {
    View view = resolve(start(1, 1), batch(1, 1, 3), batch(1, 7, 9));
    assertThatThrownBy(() -> view.requireConsistent("s3://b/wal"))
        .isInstanceOf(WalCorruptionException.class)
        .hasMessageContaining(batch(1, 7, 9))
        .hasMessageContaining("records 4 to 6 are missing")
        .hasMessageContaining("s3://b/wal");
  }

  @Test
  void overlappingBatchesOfOneEpochAreDamage() {
    View view = resolve(start(1, 1), batch(1, 1, 5), batch(1, 3, 9));
    assertThatThrownBy(() -> view.requireConsistent("test")).isInstanceOf(WalCorruptionException.class)
        .hasMessageContaining("overlaps");
  }

  @Test
  void twoStartMarkersOfOneEpochAreDamage() {
    View view = resolve(start(1, 1), start(1, 5));
    assertThatThrownBy(() -> view.requireConsistent("test")).isInstanceOf(WalCorruptionException.class)
        .hasMessageContaining("more than one start marker");
  }

  @Test
  void unknownKeysAreReportedNotParsed() {
    View view = resolve("notes.txt", "0000000001/x.batch", "fence/12", batch(1, 1, 1));
    assertThat(view.unknownKeys()).containsExactly("notes.txt", "0000000001/x.batch", "fence/12");
    assertThat(live(view)).containsExactly("1:1-1");
  }

  @Test
  void keysRoundTrip() {
    assertThat(ObjectWalFormat.parseKey(fence(42))).isEqualTo(new FenceKey(42));
    assertThat(ObjectWalFormat.parseKey(start(42, 7))).isEqualTo(new StartKey(42, 7));
    assertThat(ObjectWalFormat.parseKey(batch(42, 7, 9))).isEqualTo(new BatchKey(42, 7, 9));
    assertThat(ObjectWalFormat.parseKey(ObjectWalFormat.floorKey(Long.MAX_VALUE))).isEqualTo(new FloorKey(Long.MAX_VALUE));
    assertThat(ObjectWalFormat.parseKey(batch(ObjectWalFormat.MAX_EPOCH, 1, 1))).isEqualTo(
        new BatchKey(ObjectWalFormat.MAX_EPOCH, 1, 1));
    assertThat(ObjectWalFormat.parseKey("0000000001/00000000000000000009-00000000000000000007.batch")).isNull();
    assertThat(ObjectWalFormat.parseKey("fence/99999999999")).isNull();
    assertThat(ObjectWalFormat.parseKey("floor/99999999999999999999")).isNull(); // overflows a long
  }

  @Test
  void liveBatchKeepsItsObjectsKey() {
    LiveBatch batch = resolve(start(3, 1), batch(3, 1, 2)).live().getFirst();
    assertThat(batch.key()).isEqualTo("0000000003/00000000000000000001-00000000000000000002.batch");
  }
}
