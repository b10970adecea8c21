package io.quiver.storage.wal;

import io.quiver.storage.object.ObjectInfo;
import io.quiver.storage.object.ObjectListing;
import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.object.ObjectStoreException;
import io.quiver.storage.wal.ObjectWalFormat.Header;
import io.quiver.storage.wal.ObjectWalLayout.BatchObject;
import io.quiver.storage.wal.ObjectWalLayout.LiveBatch;
import io.quiver.storage.wal.ObjectWalLayout.View;
import io.quiver.storage.wal.WalFormat.FormatException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WriteAheadLog} in an object store (S3, or a local directory through {@link
 * io.quiver.storage.object.LocalObjectStore}), so that any node can take a shard over by
 * replaying it. One log per shard, on a store scoped to the shard's prefix (e.g. {@code
 * wal/<collection>/<shard>/}); objects and byte layout in {@link ObjectWalFormat}.
 *
 * <p><b>Group commit.</b> {@link #append} assigns the LSN and queues the record under a short
 * lock. A writer thread takes the queued records (up to {@link ObjectWalOptions#maxBatchBytes()}
 * and {@link ObjectWalOptions#maxBatchRecords()}) and writes them as one batch object with one
 * PUT; records appended meanwhile form the next batch. An acknowledging thread takes the batches
 * whose PUT completed, checks once that the log was not taken over (below) and completes their
 * futures in LSN order: it is the only thread that completes them, so dependent stages attached
 * with the non-async methods run there and delay the next acknowledgement (not the next PUT).
 * The check of one batch overlaps the PUT of the next, so a busy log runs at the pace of the
 * slower of the two requests, not of their sum.
 *
 * <p><b>Epochs and fencing.</b> Every open is given an epoch, higher than any epoch the log has
 * seen (the caller takes it from the catalog, bumping it there first, so two writers never get
 * the same one); a writer's objects carry its epoch. Opening epoch {@code E}:
 *
 * <ol>
 *   <li>lists the log; an object of an epoch {@code >= E} fails the open with {@link
 *       WalFencedException} (a newer writer exists, or {@code E} was used before);
 *   <li>PUTs the fence {@code fence/E}: from now on, older writers fail their appends;
 *   <li>lists the log again (it fails if a higher fence appeared meanwhile) and resolves it
 *       ({@link ObjectWalLayout}); if the newest live batch is damaged it is deleted (an
 *       interrupted PUT never leaves a partial object on S3; this is defence in depth);
 *   <li>PUTs the start marker {@code E/<nextLsn>.start}, which cuts every lower epoch's batches
 *       at {@code nextLsn} for every later reader.
 * </ol>
 *
 * A writer acknowledges a batch only after its PUT succeeded <em>and</em> a listing of {@code
 * fence/} that started after the PUT shows no fence above its own epoch; otherwise the batch
 * fails with {@link WalFencedException} and the log refuses appends for good. This makes an
 * acknowledged batch part of every later open's log: if the old writer's check did not see the
 * new fence, the new fence was written after the batch was stored, so the new writer's second
 * listing (after its fence; S3 listings are strongly consistent) includes the batch, and its
 * start marker lies above it. A batch the old writer stored but did not acknowledge is in the new
 * log if the second listing saw it, and shadowed by the start marker otherwise (the old writer
 * PUTs batches one at a time, in LSN order, so a batch that lands after that listing starts at or
 * above {@code nextLsn}). The old writer never deletes such a batch: the new writer may already
 * count it. Cost: one LIST request (of at most one key) per acknowledgement, which covers every
 * batch stored before it started.
 *
 * <p><b>Durability.</b> An acknowledged record is in every later replay, exactly once, until
 * truncated. A record whose append failed may or may not be: a PUT that timed out may still have
 * stored the batch, and then a reopened log replays it; a PUT that failed before anything was
 * stored leaves nothing. There are no partial batches: a PUT is atomic.
 *
 * <p><b>Failure.</b> When a PUT fails (after the store's own retries, within {@link
 * ObjectWalOptions#writeDeadline()}), or the fence check after it fails, the batch's futures and
 * every queued one fail with {@link WalFailedException}, whose cause is the store's {@link
 * ObjectStoreException} ({@link ObjectStoreException#retryable()} tells whether the store failed
 * transiently, e.g. S3 unreachable); every later append fails at once. So when the store becomes
 * unreachable, waiting appends fail within about one write deadline (two at worst: a PUT that
 * succeeded just before the outage, then its check). Reopening the log, with a new epoch,
 * recovers it to its stored batches. When the log was taken over, the futures fail with {@link
 * WalFencedException} instead.
 *
 * <p><b>Truncation</b> deletes, with batch deletes, the batch objects whose records all lie below
 * the LSN (never the newest batch, so the next LSN survives a reopen), after writing a floor
 * marker at the first LSN that stays, so an interrupted truncation never leaves a gap above the
 * floor. Fence and start markers stay (two empty objects per open).
 *
 * <p><b>Reads.</b> {@link #replay} reads the batches this log knows of (those listed when it
 * opened and those it wrote since), with full GETs, one or two ahead of the consumer. The store
 * is used with its own deadline for listings, reads and deletes, and with {@link
 * ObjectWalOptions#writeDeadline()} for batch PUTs and fence checks.
 *
 * <p>Thread safety: all methods may be called from any thread. {@link #replay} sees a snapshot
 * and may run alongside appends; {@link #truncateBefore} and {@link #close} wait for running
 * replays. Replay and truncation after close throw {@link IllegalStateException}. The log does
 * not own the store: closing the log does not close it.
 */
public final class ObjectWriteAheadLog implements WriteAheadLog {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectWriteAheadLog.class);
  /** How many batches replay fetches ahead of the one it hands to the consumer. */
  private static final int PREFETCH_BATCHES = 2;
  private static final Executor PREFETCH = task -> Thread.ofVirtual().name("quiver-wal-prefetch").start(task);

  private final ObjectStore store;
  /** {@link #store} with the write deadline: batch PUTs and fence checks. */
  private final ObjectStore writeStore;
  private final long epoch;
  private final ObjectWalOptions options;
  private final RecordTransformer transformer;
  private final String name;
  private final Thread writer;
  private final Thread acknowledger;

  /** Guards the fields below it; held only for bookkeeping, never across I/O. */
  private final ReentrantLock lock = new ReentrantLock();

  private final Condition hasWork = lock.newCondition();
  private final ArrayDeque<PendingRecord> queue = new ArrayDeque<>();
  /** Frame bytes of {@link #queue}. */
  private long queuedBytes;
  private final Condition hasStored = lock.newCondition();
  /** Batches the writer stored, waiting for the acknowledger's fence check, in LSN order. */
  private final ArrayDeque<StoredBatch> storedBatches = new ArrayDeque<>();
  /** The writer's failed PUT, for the acknowledger to report after the batches stored before it. */
  private PutFailure putFailure;
  private boolean writerDone;
  /** Batches holding records of the log, in LSN order. */
  private final ArrayList<LiveBatch> live;
  /** Stored batches holding no record of the log (shadowed, or truncated but not deleted). */
  private final ArrayList<BatchObject> dead;
  /** LSNs of the floor markers stored, ascending. */
  private final ArrayList<Long> floors;
  /** Bytes of the batch objects in {@link #live} and {@link #dead}. */
  private long storedBytes;

  /** Written under {@link #lock}; volatile for lock-free reads. */
  private volatile long nextLsn;

  /** Why the log stopped accepting appends ({@link WalFailedException} or {@link WalFencedException}). */
  private IOException failure;
  private boolean closed;

  /** Replays hold it shared, truncation and close exclusively, so no batch disappears under a replay. */
  private final ReentrantReadWriteLock objectsInUse = new ReentrantReadWriteLock();

  // Written by the acknowledging thread only.
  private volatile long statRecords;
  private volatile long statRecordBytes;
  private volatile long statBatches;

  private ObjectWriteAheadLog(
      ObjectStore store, long epoch, ObjectWalOptions options, RecordTransformer transformer, View view) {
    this.store = store;
    this.writeStore = store.withDeadline(options.writeDeadline());
    this.epoch = epoch;
    this.options = options;
    this.transformer = transformer;
    this.name = store.location() + " (epoch " + epoch + ")";
    this.live = new ArrayList<>(view.live());
    this.dead = new ArrayList<>(view.dead());
    this.floors = new ArrayList<>(view.floors());
    for (LiveBatch batch : live) {
      storedBytes += batch.object().size();
    }
    for (BatchObject batch : dead) {
      storedBytes += batch.size();
    }
    this.nextLsn = view.nextLsn();
    this.writer = Thread.ofPlatform().name("quiver-wal-" + store.location()).daemon().unstarted(this::runWriter);
    this.acknowledger =
        Thread.ofPlatform().name("quiver-wal-ack-" + store.location()).daemon().unstarted(this::runAcknowledger);
  }

  /** A batch whose PUT succeeded, with its records. */
  private record StoredBatch(List<PendingRecord> records, BatchObject object) {}

  /** A PUT that failed: its records and why. */
  private record PutFailure(List<PendingRecord> group, Throwable cause) {}

  /** Opens the log in {@code store} as the writer of {@code epoch}, storing records as appended. */
  public static ObjectWriteAheadLog open(ObjectStore store, long epoch, ObjectWalOptions options) throws IOException {
    return open(store, epoch, options, RecordTransformer.IDENTITY);
  }

  /**
   * Opens (creating if needed) the log in {@code store} as the writer of {@code epoch} (see the
   * class comment for the steps). A failed open may have written the fence of {@code epoch}:
   * retry with a higher epoch.
   *
   * @param store the log's objects and nothing else, e.g. {@code root.scoped("wal/<collection>/<shard>")}
   * @param epoch from 1 to 9,999,999,999; higher than every epoch this log has seen
   * @param transformer encodes appended records and decodes replayed ones; batches written with
   *     another transformer (other than the identity) fail replay
   * @throws WalFencedException if the log has objects of {@code epoch} or a higher one
   * @throws WalCorruptionException if the stored batches overlap or leave gaps
   * @throws ObjectStoreException if the store fails
   */
  public static ObjectWriteAheadLog open(
      ObjectStore store, long epoch, ObjectWalOptions options, RecordTransformer transformer) throws IOException {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(transformer, "transformer");
    if (transformer != RecordTransformer.IDENTITY && transformer.id() == WalFormat.IDENTITY_ENCODING) {
      throw new IllegalArgumentException(
          "record transformer " + transformer + " uses id 0, which is reserved for storing records as appended");
    }
    if (epoch < 1 || epoch > ObjectWalFormat.MAX_EPOCH) {
      throw new IllegalArgumentException(
          "write-ahead log epoch must be between 1 and " + ObjectWalFormat.MAX_EPOCH + ", got " + epoch);
    }
    String location = store.location();
    View before = ObjectWalLayout.resolve(store.list(""));
    if (before.highestEpoch() > epoch) {
      throw new WalFencedException("cannot open the write-ahead log " + location + " with epoch " + epoch
          + ": a writer with epoch " + before.highestEpoch() + " took it over");
    }
    if (before.highestEpoch() == epoch) {
      throw new WalFencedException("cannot open the write-ahead log " + location + " with epoch " + epoch
          + ": that epoch was used before (each open needs a new, higher epoch)");
    }
    store.put(ObjectWalFormat.fenceKey(epoch), new byte[0]);
    List<ObjectInfo> objects = new ArrayList<>(store.list(""));
    View view = ObjectWalLayout.resolve(objects);
    if (view.highestEpoch() > epoch) {
      throw new WalFencedException("cannot open the write-ahead log " + location + " with epoch " + epoch
          + ": a writer with epoch " + view.highestEpoch() + " took it over while it opened");
    }
    if (view.epochsWithData().contains(epoch)) {
      throw new WalFencedException("cannot open the write-ahead log " + location + " with epoch " + epoch
          + ": another writer opened it with the same epoch at the same time");
    }
    for (String key : view.unknownKeys()) {
      LOG.warn("write-ahead log {}: ignoring object {}, which is not part of the log's layout", location, key);
    }
    view.requireConsistent(location);
    view = dropDamagedNewest(store, objects, view);
    store.put(ObjectWalFormat.startKey(epoch, view.nextLsn()), new byte[0]);
    ObjectWriteAheadLog log = new ObjectWriteAheadLog(store, epoch, options, transformer, view);
    log.writer.start();
    log.acknowledger.start();
    LOG.info("opened write-ahead log {} with epoch {}: {} batch(es), first LSN {}, next LSN {}", location, epoch,
        view.live().size(), log.firstLsn(), view.nextLsn());
    return log;
  }

  /**
   * Reads the newest live batch; if it is damaged, deletes it and returns the view without it
   * (the batch is treated as never written). Damage to older batches shows in replay.
   */
  private static View dropDamagedNewest(ObjectStore store, List<ObjectInfo> objects, View view) throws IOException {
    if (view.live().isEmpty()) {
      return view;
    }
    LiveBatch newest = view.live().getLast();
    String key = newest.key();
    try {
      MemorySegment object = MemorySegment.ofArray(store.get(key));
      Header header = ObjectWalFormat.readHeader(object);
      checkHeaderMatchesKey(header, newest.object());
      ObjectWalFormat.readRecords(object, header, 0, -1, null);
      return view;
    } catch (FormatException e) {
      LOG.warn("write-ahead log {}: the newest batch {} is damaged ({} at byte {}); treating it as never written "
          + "and deleting it", store.location(), key, e.reason(), e.offset);
      store.delete(key);
      objects.removeIf(info -> info.key().equals(key));
      View without = ObjectWalLayout.resolve(objects);
      without.requireConsistent(store.location());
      return without;
    }
  }

  private static void checkHeaderMatchesKey(Header header, BatchObject batch) throws FormatException {
    if (header.epoch() != batch.epoch() || header.firstLsn() != batch.firstLsn()
        || header.lastLsn() != batch.lastLsn()) {
      throw new FormatException(8, "header says epoch " + header.epoch() + ", LSNs " + header.firstLsn() + " to "
          + header.lastLsn() + ", unlike the object's key");
    }
  }

  @Override
  public CompletableFuture<Long> append(byte[] record) {
    Objects.requireNonNull(record, "record");
    WalAppends.Encoded encoded = WalAppends.encode(record, options.maxRecordBytes(), transformer,
        ObjectWalFormat.MAX_OBJECT_BYTES - ObjectWalFormat.HEADER_BYTES - WalFormat.FRAME_HEADER_BYTES);
    if (encoded.failed() != null) {
      return encoded.failed();
    }
    CompletableFuture<Long> future = new CompletableFuture<>();
    lock.lock();
    try {
      if (failure != null) {
        return CompletableFuture.failedFuture(refusal());
      }
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("write-ahead log " + name + " is closed"));
      }
      long lsn = nextLsn;
      PendingRecord pending = new PendingRecord(lsn, encoded.stored(), encoded.crc(), future);
      queue.add(pending);
      nextLsn = lsn + 1;
      long before = queuedBytes;
      queuedBytes += pending.frameBytes();
      // Wake the writer for the first record, and when a batch fills up during its group delay.
      if (queue.size() == 1 || (before < options.maxBatchBytes() && queuedBytes >= options.maxBatchBytes())
          || queue.size() == options.maxBatchRecords()) {
        hasWork.signal();
      }
    } finally {
      lock.unlock();
    }
    return future;
  }

  /** The failure for an append after the log stopped accepting them; called under {@link #lock}. */
  private IOException refusal() {
    if (failure instanceof WalFencedException) {
      return new WalFencedException("write-ahead log " + name + " was taken over by a newer writer: "
          + failure.getMessage(), failure);
    }
    return new WalFailedException(
        "write-ahead log " + name + " stopped accepting appends after a failed write; reopen it", failure);
  }

  @Override
  public long appendAndSync(byte[] record) throws IOException {
    return WalAppends.await(append(record));
  }

  @Override
  public void replay(long fromLsn, RecordConsumer consumer) throws IOException {
    Objects.requireNonNull(consumer, "consumer");
    objectsInUse.readLock().lock();
    try {
      List<LiveBatch> snapshot = new ArrayList<>();
      lock.lock();
      try {
        ensureOpen();
        for (LiveBatch batch : live) {
          if (batch.lastLsn() >= fromLsn) {
            snapshot.add(batch);
          }
        }
      } finally {
        lock.unlock();
      }
      replay(snapshot, fromLsn, consumer);
    } finally {
      objectsInUse.readLock().unlock();
    }
  }

  private void replay(List<LiveBatch> batches, long fromLsn, RecordConsumer consumer) throws IOException {
    ArrayDeque<CompletableFuture<byte[]>> fetches = new ArrayDeque<>();
    int fetched = 0;
    long expectedLsn = -1;
    for (LiveBatch batch : batches) {
      while (fetched < batches.size() && fetches.size() <= PREFETCH_BATCHES) {
        fetches.add(fetch(batches.get(fetched++).key()));
      }
      byte[] bytes = await(fetches.removeFirst());
      if (expectedLsn >= 0 && batch.firstLsn() != expectedLsn) {
        throw corruption(batch, 0, "the batch before it ends before LSN " + expectedLsn + ", this one holds "
            + batch.firstLsn() + " on: records are missing");
      }
      replayBatch(batch, bytes, fromLsn, consumer);
      expectedLsn = batch.lastLsn() + 1;
    }
  }

  private CompletableFuture<byte[]> fetch(String key) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return store.get(key);
      } catch (ObjectStoreException e) {
        throw new CompletionException(e);
      }
    }, PREFETCH);
  }

  private static byte[] await(CompletableFuture<byte[]> fetch) throws IOException {
    try {
      return fetch.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ObjectStoreException failure) {
        // The store's exception, with the replaying thread's stack.
        throw new ObjectStoreException(failure.getMessage(), failure.retryable(), failure);
      }
      throw e;
    }
  }

  private void replayBatch(LiveBatch batch, byte[] bytes, long fromLsn, RecordConsumer consumer) throws IOException {
    MemorySegment object = MemorySegment.ofArray(bytes);
    try {
      Header header = ObjectWalFormat.readHeader(object);
      checkHeaderMatchesKey(header, batch.object());
      boolean decode = header.encoding() != WalFormat.IDENTITY_ENCODING;
      if (decode && header.encoding() != transformer.id()) {
        throw new IOException("WAL batch " + batch.key() + " in " + store.location() + " holds records encoded by "
            + "transformer " + header.encoding() + " but the log was opened with transformer " + transformer.id()
            + " (" + transformer + ")");
      }
      ObjectWalFormat.readRecords(object, header, Math.max(fromLsn, batch.firstLsn()), batch.lastLsn(),
          (lsn, stored) -> consumer.accept(lsn, decode ? transformer.decode(stored) : stored));
    } catch (FormatException e) {
      throw corruption(batch, e.offset, e.reason());
    }
  }

  private WalCorruptionException corruption(LiveBatch batch, long offset, String reason) {
    return new WalCorruptionException(Path.of(batch.key()), offset, reason + " (write-ahead log " + store.location() + ")");
  }

  @Override
  public void truncateBefore(long lsn) throws IOException {
    if (objectsInUse.getReadHoldCount() > 0) {
      throw new IllegalStateException("truncateBefore must not be called during a replay on the same thread");
    }
    objectsInUse.writeLock().lock();
    try {
      int deadBatches;
      int liveBatches;
      long newFloor;
      long oldFloor;
      List<String> keys = new ArrayList<>();
      lock.lock();
      try {
        ensureOpen();
        liveBatches = 0;
        while (liveBatches + 1 < live.size() && live.get(liveBatches).lastLsn() < lsn) {
          keys.add(live.get(liveBatches++).key());
        }
        deadBatches = 0;
        for (BatchObject batch : dead) {
          if (batch.lastLsn() < lsn) {
            keys.add(batch.key());
            deadBatches++;
          }
        }
        oldFloor = floors.isEmpty() ? 0 : floors.getLast();
        newFloor = live.isEmpty() ? oldFloor : Math.max(oldFloor, live.get(liveBatches).firstLsn());
      } finally {
        lock.unlock();
      }
      if (keys.isEmpty()) {
        return;
      }
      checkNotFenced(store);
      if (newFloor > oldFloor) {
        store.put(ObjectWalFormat.floorKey(newFloor), new byte[0]);
        for (long floor : floors) {
          keys.add(ObjectWalFormat.floorKey(floor));
        }
      }
      store.deleteAll(keys);
      lock.lock();
      try {
        for (int i = 0; i < liveBatches; i++) {
          storedBytes -= live.getFirst().object().size();
          live.removeFirst();
        }
        dead.removeIf(batch -> {
          boolean deleted = batch.lastLsn() < lsn;
          if (deleted) {
            storedBytes -= batch.size();
          }
          return deleted;
        });
        if (newFloor > oldFloor) {
          floors.clear();
          floors.add(newFloor);
        }
      } finally {
        lock.unlock();
      }
      LOG.debug("write-ahead log {}: truncated before LSN {}: deleted {} batch(es), {} of them shadowed", name, lsn,
          liveBatches + deadBatches, deadBatches);
    } finally {
      objectsInUse.writeLock().unlock();
    }
  }

  /** Throws if the log is closed; called under {@link #lock}. */
  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("write-ahead log " + name + " is closed");
    }
  }

  /** Throws {@link WalFencedException} if a fence above this log's epoch exists. */
  private void checkNotFenced(ObjectStore via) throws IOException {
    ObjectListing page = via.listPage(ObjectWalFormat.FENCE_PREFIX, ObjectWalFormat.fenceKey(epoch), 1);
    if (!page.objects().isEmpty()) {
      throw new WalFencedException("write-ahead log " + name + " was taken over: the fence "
          + page.objects().getFirst().key() + " of a newer writer exists");
    }
  }

  @Override
  public long nextLsn() {
    return nextLsn;
  }

  @Override
  public long firstLsn() {
    lock.lock();
    try {
      return live.isEmpty() ? nextLsn : live.getFirst().firstLsn();
    } finally {
      lock.unlock();
    }
  }

  /** The bytes of the batch objects of this log in the store (headers and framing included). */
  @Override
  public long bytesOnDisk() {
    lock.lock();
    try {
      return storedBytes;
    } finally {
      lock.unlock();
    }
  }

  /** {@inheritDoc} {@link WalStats#syncs()} counts batch PUTs. */
  @Override
  public WalStats stats() {
    long batches = statBatches;
    return new WalStats(statRecords, statRecordBytes, batches, batches);
  }

  /** The epoch this log writes with. */
  public long epoch() {
    return epoch;
  }

  /** Where the log's objects are, for messages. */
  public String location() {
    return store.location();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also waits for running replays and truncations; must not be called from a {@link
   * RecordConsumer}. With the store failing, the records still queued fail within about one write
   * deadline.
   */
  @Override
  public void close() {
    if (objectsInUse.getReadHoldCount() > 0) {
      throw new IllegalStateException("close must not be called during a replay on the same thread");
    }
    lock.lock();
    try {
      closed = true;
      hasWork.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    for (Thread thread : new Thread[] {writer, acknowledger}) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    objectsInUse.writeLock().lock();
    objectsInUse.writeLock().unlock();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- writer thread ----

  private void runWriter() {
    List<PendingRecord> group = new ArrayList<>();
    long delayNanos = options.maxGroupDelay().toNanos();
    try {
      while (true) {
        lock.lock();
        try {
          while (queue.isEmpty() && !closed && failure == null) {
            hasWork.awaitUninterruptibly();
          }
          if (queue.isEmpty() || failure != null) {
            return;
          }
          if (delayNanos > 0) {
            long deadline = System.nanoTime() + delayNanos;
            long left;
            while (!closed && failure == null && !batchFull() && (left = deadline - System.nanoTime()) > 0) {
              try {
                hasWork.awaitNanos(left);
              } catch (InterruptedException e) {
                // Nobody else interrupts this thread; the wait just ends early.
              }
            }
          }
          long bytes = ObjectWalFormat.HEADER_BYTES;
          while (!queue.isEmpty() && group.size() < options.maxBatchRecords()
              && (group.isEmpty() || bytes + queue.peekFirst().frameBytes() <= options.maxBatchBytes())) {
            PendingRecord record = queue.removeFirst();
            bytes += record.frameBytes();
            queuedBytes -= record.frameBytes();
            group.add(record);
          }
        } finally {
          lock.unlock();
        }
        StoredBatch stored = store(group);
        lock.lock();
        try {
          storedBatches.add(stored);
          hasStored.signal();
        } finally {
          lock.unlock();
        }
        group = new ArrayList<>();
      }
    } catch (Throwable t) {
      lock.lock();
      try {
        putFailure = new PutFailure(group, t);
      } finally {
        lock.unlock();
      }
      if (t instanceof Error error) {
        throw error;
      }
    } finally {
      lock.lock();
      try {
        writerDone = true;
        hasStored.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Whether the queue holds a full batch; called under {@link #lock}. */
  private boolean batchFull() {
    return queuedBytes + ObjectWalFormat.HEADER_BYTES >= options.maxBatchBytes()
        || queue.size() >= options.maxBatchRecords();
  }

  /** PUTs {@code group} as one batch object. */
  private StoredBatch store(List<PendingRecord> group) throws IOException {
    long first = group.getFirst().lsn();
    long last = group.getLast().lsn();
    byte[] object = ObjectWalFormat.encodeBatch(epoch, transformer.id(), group);
    writeStore.put(ObjectWalFormat.batchKey(epoch, first, last), object);
    return new StoredBatch(group, new BatchObject(epoch, first, last, object.length));
  }

  // ---- acknowledging thread ----

  /**
   * Takes the batches whose PUT completed, checks the fence once for all of them (a check that
   * starts after a batch was stored covers it), and acknowledges or fails them; after a failed
   * PUT, fails the log. The only thread that completes futures, in LSN order.
   */
  private void runAcknowledger() {
    List<StoredBatch> batches = new ArrayList<>();
    while (true) {
      PutFailure failedPut = null;
      IOException failed;
      lock.lock();
      try {
        while (storedBatches.isEmpty() && putFailure == null && !writerDone) {
          hasStored.awaitUninterruptibly();
        }
        batches.addAll(storedBatches);
        storedBatches.clear();
        if (batches.isEmpty()) {
          if (putFailure == null) {
            return; // the writer is done and everything it stored is acknowledged
          }
          failedPut = putFailure;
          putFailure = null;
        }
        failed = failure;
      } finally {
        lock.unlock();
      }
      if (failedPut != null) {
        failed = failLog(failedPut.cause());
        failAll(failedPut.group(), failed);
        continue;
      }
      if (failed == null) {
        try {
          checkNotFenced(writeStore);
        } catch (Throwable t) {
          failed = failLog(t);
          if (t instanceof Error error) {
            failBatches(batches, failed);
            throw error;
          }
        }
      }
      if (failed == null) {
        acknowledge(batches);
      } else {
        failBatches(batches, failed);
      }
      batches.clear();
    }
  }

  /** Makes {@code batches} part of the log and completes their futures. */
  private void acknowledge(List<StoredBatch> batches) {
    lock.lock();
    try {
      for (StoredBatch batch : batches) {
        live.add(new LiveBatch(batch.object(), batch.object().firstLsn(), batch.object().lastLsn()));
        storedBytes += batch.object().size();
      }
    } finally {
      lock.unlock();
    }
    for (StoredBatch batch : batches) {
      long bytes = 0;
      for (PendingRecord record : batch.records()) {
        bytes += record.storedLength();
      }
      statRecords += batch.records().size();
      statRecordBytes += bytes;
      statBatches++;
      for (PendingRecord record : batch.records()) {
        record.future().complete(record.lsn());
      }
    }
  }

  /**
   * Fails the log for {@code cause} (unless it failed already): every queued record fails, later
   * appends are refused, the writer stops. Returns the failure that records fail with.
   */
  private IOException failLog(Throwable cause) {
    IOException error = cause instanceof WalFencedException fenced
        ? fenced
        : new WalFailedException("write-ahead log " + name + " could not store a batch: " + cause.getMessage(), cause);
    List<PendingRecord> queued;
    lock.lock();
    try {
      if (failure != null) {
        return failure;
      }
      failure = error;
      queued = new ArrayList<>(queue);
      queue.clear();
      queuedBytes = 0;
      hasWork.signalAll();
    } finally {
      lock.unlock();
    }
    if (error instanceof WalFencedException) {
      LOG.warn("write-ahead log {} was taken over by a newer writer; it refuses appends", name, cause);
    } else {
      LOG.error("write-ahead log {} failed; it refuses appends until reopened", name, cause);
    }
    failAll(queued, error);
    return error;
  }

  private static void failBatches(List<StoredBatch> batches, IOException error) {
    for (StoredBatch batch : batches) {
      failAll(batch.records(), error);
    }
  }

  private static void failAll(List<PendingRecord> records, IOException error) {
    for (PendingRecord record : records) {
      record.future().completeExceptionally(error);
    }
  }
}
