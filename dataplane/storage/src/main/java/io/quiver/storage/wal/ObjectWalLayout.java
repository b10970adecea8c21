package io.quiver.storage.wal;

import io.quiver.storage.object.ObjectInfo;
import io.quiver.storage.wal.ObjectWalFormat.BatchKey;
import io.quiver.storage.wal.ObjectWalFormat.FenceKey;
import io.quiver.storage.wal.ObjectWalFormat.FloorKey;
import io.quiver.storage.wal.ObjectWalFormat.Key;
import io.quiver.storage.wal.ObjectWalFormat.StartKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which records the objects of an {@link ObjectWriteAheadLog} hold: the merge of the batches of
 * all epochs into one log (keys in {@link ObjectWalFormat}). A pure function of the listing.
 *
 * <p><b>The merge rule.</b> For an epoch {@code e}, let {@code limit(e)} be the lowest start LSN
 * ({@code <epoch>/<start>.start}) of any epoch above {@code e} (no limit if there is none). A
 * batch of epoch {@code e} holding LSNs {@code first..last} contributes its records {@code
 * first..min(last, limit(e) - 1)} to the log; a batch with {@code first >= limit(e)} contributes
 * nothing (it is <em>shadowed</em>: a write of an old writer that landed after a newer one took
 * over). Records below the floor (the highest {@code floor/<lsn>}) were truncated: a batch whose
 * contributed records all lie below it is <em>dead</em> too. What remains are the <em>live</em>
 * batches; their contributed ranges must not overlap and must follow each other without gaps,
 * otherwise the log is damaged ({@link View#requireConsistent}).
 *
 * <p>Why a start marker rather than the first batch of an epoch decides: a new writer may not
 * have written a batch yet when an old writer's late batch lands, and a truncation may delete
 * the new writer's first batches; the marker is written before any batch of its epoch and never
 * deleted, so every reader, at any time, cuts the lower epochs at the same LSN.
 *
 * <p>The next LSN a writer may use is one past the last live record, and never below a start
 * marker or the floor (so LSNs of records that were seen by an earlier open, or truncated, are
 * not handed out again).
 */
final class ObjectWalLayout {

  private ObjectWalLayout() {}

  /** A stored batch object, as its key and the listing describe it. */
  record BatchObject(long epoch, long firstLsn, long lastLsn, long size) {
    String key() {
      return ObjectWalFormat.batchKey(epoch, firstLsn, lastLsn);
    }
  }

  /**
   * A batch and the records {@code firstLsn..lastLsn} of the log it holds (all of its records,
   * or fewer where a higher epoch or the floor cuts it).
   */
  record LiveBatch(BatchObject object, long firstLsn, long lastLsn) {
    String key() {
      return object.key();
    }
  }

  /**
   * The log a listing describes.
   *
   * @param highestEpoch the highest epoch of any fence, start marker or batch; 0 if none
   * @param epochsWithData the epochs that have a start marker or a batch
   * @param live the live batches in LSN order
   * @param dead batch objects that hold no record of the log (shadowed or below the floor)
   * @param floors the LSNs of all floor markers, ascending; the last one counts
   * @param starts start LSN by epoch
   * @param duplicateStarts keys of start markers of epochs that have more than one
   * @param nextLsn the LSN the next record of a writer gets
   * @param unknownKeys keys that are not part of the layout
   */
  record View(
      long highestEpoch,
      List<Long> epochsWithData,
      List<LiveBatch> live,
      List<BatchObject> dead,
      List<Long> floors,
      NavigableMap<Long, Long> starts,
      List<String> duplicateStarts,
      long nextLsn,
      List<String> unknownKeys) {

    /** The truncation floor: records below it are gone. */
    long floor() {
      return floors.isEmpty() ? 0 : floors.getLast();
    }

    /**
     * Throws if the live batches overlap or leave a gap, or an epoch has two start markers: the
     * log lost or gained objects that no writer of it wrote or deleted.
     */
    void requireConsistent(String location) throws WalCorruptionException {
      if (!duplicateStarts.isEmpty()) {
        throw new WalCorruptionException(Path.of(duplicateStarts.getFirst()), 0,
            "epoch has more than one start marker " + duplicateStarts + " in " + location
                + "; an epoch must be opened only once");
      }
      for (int i = 1; i < live.size(); i++) {
        LiveBatch before = live.get(i - 1);
        LiveBatch batch = live.get(i);
        if (batch.firstLsn() != before.lastLsn() + 1) {
          String what = batch.firstLsn() <= before.lastLsn()
              ? "overlaps the batch " + before.key() + " of the same or an unfenced epoch"
              : "follows the batch " + before.key() + ", which ends at LSN " + before.lastLsn()
                  + ": records " + (before.lastLsn() + 1) + " to " + (batch.firstLsn() - 1) + " are missing";
          throw new WalCorruptionException(Path.of(batch.key()), 0, "batch in " + location + " " + what);
        }
      }
    }
  }

  /** The log that the objects {@code objects} (a listing of the whole log) describe. */
  static View resolve(List<ObjectInfo> objects) {
    long highestEpoch = 0;
    TreeMap<Long, Long> starts = new TreeMap<>();
    List<String> duplicateStarts = new ArrayList<>();
    TreeSet<Long> withData = new TreeSet<>();
    List<BatchObject> batches = new ArrayList<>();
    List<Long> floors = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (ObjectInfo info : objects) {
      Key key = ObjectWalFormat.parseKey(info.key());
      if (key == null) {
        unknown.add(info.key());
        continue;
      }
      highestEpoch = Math.max(highestEpoch, key.epoch());
      switch (key) {
        case FenceKey fence -> { }
        case StartKey start -> {
          withData.add(start.epoch());
          Long previous = starts.put(start.epoch(), start.startLsn());
          if (previous != null) {
            duplicateStarts.add(ObjectWalFormat.startKey(start.epoch(), previous));
            duplicateStarts.add(info.key());
            starts.put(start.epoch(), Math.max(previous, start.startLsn()));
          }
        }
        case BatchKey batch -> {
          withData.add(batch.epoch());
          batches.add(new BatchObject(batch.epoch(), batch.firstLsn(), batch.lastLsn(), info.size()));
        }
        case FloorKey floor -> floors.add(floor.lsn());
      }
    }
    floors.sort(Comparator.naturalOrder());
    long floor = floors.isEmpty() ? 0 : floors.getLast();

    // minStartFrom.get(k): the lowest start of the epochs >= k, so limit(e) is the value of the
    // first entry above e.
    TreeMap<Long, Long> minStartFrom = new TreeMap<>();
    long min = Long.MAX_VALUE;
    for (Map.Entry<Long, Long> start : starts.descendingMap().entrySet()) {
      min = Math.min(min, start.getValue());
      minStartFrom.put(start.getKey(), min);
    }
    batches.sort(Comparator.comparingLong(BatchObject::firstLsn).thenComparingLong(BatchObject::epoch));
    List<LiveBatch> live = new ArrayList<>();
    List<BatchObject> dead = new ArrayList<>();
    for (BatchObject batch : batches) {
      Map.Entry<Long, Long> above = minStartFrom.higherEntry(batch.epoch());
      long last = above == null ? batch.lastLsn() : Math.min(batch.lastLsn(), above.getValue() - 1);
      if (last < batch.firstLsn() || last < floor) {
        dead.add(batch);
      } else {
        live.add(new LiveBatch(batch, Math.max(batch.firstLsn(), floor), last));
      }
    }
    long nextLsn = Math.max(1, floor);
    for (LiveBatch batch : live) {
      nextLsn = Math.max(nextLsn, batch.lastLsn() + 1);
    }
    for (long start : starts.values()) {
      nextLsn = Math.max(nextLsn, start);
    }
    return new View(highestEpoch, List.copyOf(withData), List.copyOf(live), List.copyOf(dead), List.copyOf(floors),
        starts, List.copyOf(duplicateStarts), nextLsn, List.copyOf(unknown));
  }
}
