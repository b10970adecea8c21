package io.quiver.server.runtime.local;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.collection.CollectionInfo;
import io.quiver.engine.collection.IndexSpec;
import io.quiver.engine.index.IndexRegistry;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnReader;
import io.quiver.engine.segment.MappedVectorColumn;
import io.quiver.engine.segment.ColumnData;
import io.quiver.engine.segment.Segment;
import io.quiver.engine.segment.Shard;
import io.quiver.engine.segment.WriteBatch;
import io.quiver.engine.vector.MetricType;
import io.quiver.server.runtime.DataPlane;
import io.quiver.server.runtime.DatabaseInfo;
import io.quiver.server.runtime.Durability;
import io.quiver.server.runtime.Failpoints;
import io.quiver.server.runtime.WriteLog;
import io.quiver.server.runtime.local.CatalogCodec.SegmentManifest;
import io.quiver.server.runtime.local.CatalogCodec.StoredCollection;
import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.Txn;
import io.quiver.storage.catalog.local.LocalKvStore;
import io.quiver.storage.format.v1.DeleteLog;
import io.quiver.storage.format.v1.IndexFile;
import io.quiver.storage.format.v1.SegmentFile;
import io.quiver.storage.format.v1.SegmentInfo;
import io.quiver.storage.format.v1.VectorFile;
import io.quiver.storage.format.v1.WalRecordCodec;
import io.quiver.storage.object.ObjectStore;
import io.quiver.storage.wal.FileWriteAheadLog;
import io.quiver.storage.wal.WriteAheadLog;
import io.quiver.storage.wal.WalOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import io.quiver.storage.crypto.EncryptedObjectException;
import io.quiver.storage.crypto.EncryptingRecordTransformer;
import io.quiver.storage.crypto.EnvelopeCipher;
import io.quiver.storage.crypto.EnvelopeHeader;
import io.quiver.storage.crypto.KeyAccessException;
import io.quiver.storage.crypto.KeyProvider;
import io.quiver.storage.crypto.KeyRef;
import io.quiver.storage.crypto.KeySelector;
import io.quiver.storage.crypto.ObjectContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durability in a local directory, the standalone default:
 *
 * <pre>
 * DATA_DIR/catalog/                        the catalog (a {@link LocalKvStore})
 * DATA_DIR/wal/COLLECTION_ID/SHARD/        one write-ahead log per shard
 * DATA_DIR/segments/COLLECTION_ID/SEGMENT_ID/
 *     data.arrow                           the segment's rows (Arrow IPC file)
 *     deletes.N.bin                        its delete log, version N
 *     index-FIELD_ID.bin                   built vector indexes
 * </pre>
 *
 * Catalog keys: {@code db/NAME}, {@code alias/DB}, {@code collection/ID},
 * {@code segment/COLLECTION_ID/SEGMENT_ID}, {@code checkpoint/COLLECTION_ID/SHARD} (the first log
 * position not covered by segment files).
 *
 * <p>Write path: a batch is appended to its shard's log and fsynced before it is applied and
 * acknowledged. A checkpoint seals the shard's growing segments under the shard lock, notes the
 * log position after the last applied batch, writes segment files and delete logs, commits
 * their manifests together with that position in one catalog transaction, and only then
 * truncates the log. Recovery loads the recorded segments and replays each log from its
 * checkpoint, so every acknowledged write is restored exactly once whatever step a crash
 * interrupts: files written but not committed are orphans that recovery deletes.
 *
 * <p>Thread safety: catalog methods are called under the data plane's DDL lock; checkpoints of
 * one collection are serialized on that collection's files object.
 */
public final class LocalDurability implements Durability {

  private static final Logger LOG = LoggerFactory.getLogger(LocalDurability.class);

  /** Options of the local layout. */
  /**
   * Options of the layout.
   *
   * @param wal write-ahead log options
   * @param checkpointWalBytes log size of a shard above which a checkpoint runs
   * @param gcInterval how often unreferenced remote segment objects are collected
   * @param gcGrace how old an unreferenced object must be before it is deleted
   */
  public record Options(WalOptions wal, long checkpointWalBytes, java.time.Duration gcInterval, java.time.Duration gcGrace,
      io.quiver.storage.wal.ObjectWalOptions objectWal, KeyProvider keys) {

    public Options(WalOptions wal, long checkpointWalBytes) {
      this(wal, checkpointWalBytes, java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(10), null, null);
    }

    public Options(WalOptions wal, long checkpointWalBytes, java.time.Duration gcInterval, java.time.Duration gcGrace,
        io.quiver.storage.wal.ObjectWalOptions objectWal) {
      this(wal, checkpointWalBytes, gcInterval, gcGrace, objectWal, null);
    }

    /** Whether the logs live in the object store (fenced batches) rather than in the data directory. */
    public boolean logsInObjectStore() {
      return objectWal != null;
    }
  }

  private final Path root;
  private final Options options;
  private final KvStore kv;
  /** Where segment files are uploaded (null: they live only in the data directory). Owned. */
  private final ObjectStore remote;
  /** This node's lease when the catalog supports leases (etcd): writes need it alive. */
  private final NodeLease lease;
  private final Map<Long, CollectionFiles> files = new ConcurrentHashMap<>();
  /**
   * Encrypts the files and log records of databases with a key (property {@value
   * KeySelector#PROPERTY}); null when the server has no key provider. Owned.
   */
  private final EnvelopeCipher cipher;
  /**
   * Collections whose stored data could not be read at start (their key revoked or unreachable,
   * or an object failing authentication), with why: they serve no reads or writes and garbage
   * collection leaves their objects alone, until a restart loads them.
   */
  private final Map<Long, QuiverException> quarantined = new ConcurrentHashMap<>();
  private final java.util.concurrent.ScheduledExecutorService checkpointer;
  private volatile DataPlane plane;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** storage.lazy-load: LoadCollection only marks; segments come into memory on the first read. */
  private volatile boolean lazyLoad;

  /** Per-collection logs and segment manifests. Lock: the object itself. */
  final class CollectionFiles {
    final long collectionId;
    final Map<Integer, ShardLog> logs = new ConcurrentHashMap<>();
    final Map<Long, SegmentManifest> segments = new ConcurrentHashMap<>();
    final AtomicBoolean checkpointQueued = new AtomicBoolean();
    /** Compaction results whose catalog swap is not committed yet, by output id (-first input id if none). */
    final Map<Long, PendingReplacement> pendingReplacements = new ConcurrentHashMap<>();
    volatile boolean dropped;
    /** The whole collection is released: no sealed, written segment keeps its data in memory. */
    boolean releasedAll;
    /** Released partitions (when not {@link #releasedAll}). */
    final Set<Long> releasedPartitions = new HashSet<>();
    /** Loaded lazily and not read yet: the data comes into memory on the first search or query. */
    volatile boolean lazyPending;
    /** Released segments held in memory for a while (an index build), by id: how many holders. */
    final Map<Long, Integer> pins = new HashMap<>();

    CollectionFiles(long collectionId) {
      this.collectionId = collectionId;
    }

    void discard(ShardLog log) {
      discardLog(this, log);
    }

    Path walDir(int shard) {
      return root.resolve("wal").resolve(Long.toString(collectionId)).resolve(Integer.toString(shard));
    }

    Path segmentDir(long segmentId) {
      return root.resolve("segments").resolve(Long.toString(collectionId)).resolve(Long.toString(segmentId));
    }

    /**
     * The log of {@code shard}, opened on first use. Not synchronized on this object: writers call
     * it while holding a shard lock, and checkpoints take this object's lock before shard locks.
     */
    ShardLog log(int shard) throws IOException {
      if (dropped) {
        throw new IOException("collection " + collectionId + " was dropped");
      }
      try {
        return logs.computeIfAbsent(shard, s -> {
          try {
            return new ShardLog(this, s, openLog(collectionId, s));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }

  /** Forgets a failed log so that the next write reopens it (after an outage). */
  void discardLog(CollectionFiles cf, ShardLog log) {
    if (cf.logs.remove(log.shard, log)) {
      LOG.warn("the write-ahead log of collection {} shard {} failed; it is reopened by the next write", cf.collectionId,
          log.shard);
      // Closing may wait for the failed store (pending batches); never on the writer's path.
      Thread.ofVirtual().name("quiver-wal-close").start(() -> {
        try {
          log.wal.close();
        } catch (RuntimeException e) {
          LOG.debug("closing a failed write-ahead log: {}", e.toString());
        }
      });
    }
  }

  /** Opens the log of a shard: a file log in the data directory, or fenced batches in the object store. */
  private WriteAheadLog openLog(long collectionId, int shard) throws IOException {
    io.quiver.storage.wal.RecordTransformer transformer = logTransformer(collectionId, shard);
    if (!options.logsInObjectStore()) {
      return FileWriteAheadLog.open(root.resolve("wal").resolve(Long.toString(collectionId)).resolve(Integer.toString(shard)),
          options.wal(), transformer);
    }
    long epoch = bumpEpoch(collectionId, shard);
    return io.quiver.storage.wal.ObjectWriteAheadLog.open(remote.scoped("wal/" + collectionId + "/" + shard), epoch,
        options.objectWal(), transformer);
  }

  /** Encrypts the log records of a collection whose database has a key; identity otherwise. */
  private io.quiver.storage.wal.RecordTransformer logTransformer(long collectionId, int shard) {
    DataPlane p = plane;
    if (p == null) {
      return io.quiver.storage.wal.RecordTransformer.IDENTITY;
    }
    for (Collection c : p.allCollections()) {
      if (c.id() == collectionId) {
        String database = c.info().database();
        if (keyOf(database) != null) {
          return EncryptingRecordTransformer.create(options.keys(), cipherSelector(),
              objectContext(database, collectionId, "wal/" + collectionId + "/" + shard));
        }
      }
    }
    return io.quiver.storage.wal.RecordTransformer.IDENTITY;
  }

  private KeySelector cipherSelector() {
    return KeySelector.fromProperties(db -> {
      DataPlane p = plane;
      return p == null ? Map.of() : p.describeDatabase(db).properties();
    });
  }

  /** Takes the next writer epoch of a shard's log in the catalog (compare-and-swap). */
  private long bumpEpoch(long collectionId, int shard) throws IOException {
    String key = "epoch/" + collectionId + "/" + shard;
    for (int attempt = 0; attempt < 10; attempt++) {
      java.util.Optional<KvStore.Entry> current = kv.get(key);
      long next = current.map(e -> Long.parseLong(new String(e.value(), StandardCharsets.UTF_8)) + 1).orElse(1L);
      Txn.Builder txn = Txn.builder();
      if (current.isPresent()) {
        txn.expectModRevision(key, current.get().modRevision());
      } else {
        txn.expectAbsent(key);
      }
      txn.put(key, Long.toString(next).getBytes(StandardCharsets.UTF_8));
      try {
        kv.commit(txn.build());
        return next;
      } catch (io.quiver.storage.catalog.CompareFailedException e) {
        // another opener raced us: read again
      }
    }
    throw new IOException("could not take a writer epoch for collection " + collectionId + " shard " + shard);
  }

  /** The write log of one shard; tracks the last applied position for checkpoints. */
  final class ShardLog implements WriteLog {
    final CollectionFiles owner;
    final int shard;
    final WriteAheadLog wal;
    /** Last applied LSN; -1 before any. Written under the shard lock. */
    volatile long appliedLsn = -1;

    ShardLog(CollectionFiles owner, int shard, WriteAheadLog wal) {
      this.owner = owner;
      this.shard = shard;
      this.wal = wal;
    }

    @Override
    public CompletableFuture<Long> append(WriteBatch batch) {
      return wal.append(WalRecordCodec.encode(batch)).whenComplete((lsn, error) -> {
        if (error != null) {
          owner.discard(this); // a failed log refuses appends: the next write opens it again
        }
      });
    }

    @Override
    public void applied(long lsn) {
      appliedLsn = lsn;
      if (wal.bytesOnDisk() > options.checkpointWalBytes() && owner.checkpointQueued.compareAndSet(false, true)) {
        scheduleCheckpoint(owner);
      }
    }
  }

  private LocalDurability(Path root, Options options, KvStore kv, ObjectStore remote) {
    this.root = root;
    this.remote = remote;
    this.lease = kv instanceof io.quiver.storage.catalog.etcd.Leases leases
        ? new NodeLease(leases, "standalone-" + java.util.UUID.randomUUID(), java.time.Duration.ofSeconds(2))
        : null;
    if (options.logsInObjectStore() && remote == null) {
      throw new IllegalArgumentException("write-ahead logs in the object store need an object store");
    }
    this.options = options;
    this.kv = kv;
    this.cipher = options.keys() == null ? null : EnvelopeCipher.create(options.keys(), cipherSelector());
    this.checkpointer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "quiver-checkpoint");
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens (creating if needed) the data directory; fails if another process uses it. */
  public static LocalDurability open(Path root, Options options) throws IOException {
    return open(root, options, null);
  }

  /**
   * Opens the data directory with segment files mirrored to {@code remote} (null: none). With a
   * remote store the data directory's segment files are a cache: a segment missing locally is
   * downloaded at load. Takes ownership of {@code remote}.
   */
  public static LocalDurability open(Path root, Options options, ObjectStore remote) throws IOException {
    Files.createDirectories(root);
    KvStore kv = LocalKvStore.open(root.resolve("catalog"));
    return new LocalDurability(root, options, kv, remote);
  }

  /**
   * Opens with an external catalog (e.g. etcd) instead of the data directory's file; takes
   * ownership of {@code kv} and {@code remote}.
   */
  public static LocalDurability open(Path root, Options options, KvStore kv, ObjectStore remote) throws IOException {
    Files.createDirectories(root);
    return new LocalDurability(root, options, kv, remote);
  }

  public Path root() {
    return root;
  }

  /**
   * With lazy loading, LoadCollection (and a restart of a loaded collection) only marks the
   * collection loaded; its segments come into memory on its first search or query.
   */
  public LocalDurability lazyLoad(boolean lazy) {
    this.lazyLoad = lazy;
    return this;
  }

  // ------------------------------------------------------------------ recovery

  /**
   * Restores {@code target}'s databases and collections from the catalog, loads their segments
   * and replays their logs. Call once, before serving.
   */
  public void recover(DataPlane target) throws IOException {
    this.plane = target;
    Map<String, Map<String, String>> aliases = new HashMap<>();
    for (KvStore.Entry e : kv.scan("alias/")) {
      aliases.put(e.key().substring("alias/".length()), CatalogCodec.aliases(e.value()));
    }
    for (KvStore.Entry e : kv.scan("db/")) {
      DatabaseInfo db = CatalogCodec.database(e.value());
      target.restoreDatabase(db, aliases.getOrDefault(db.name(), Map.of()));
    }
    Set<Long> known = new HashSet<>();
    for (KvStore.Entry e : kv.scan("collection/")) {
      StoredCollection stored = CatalogCodec.collection(e.value());
      known.add(stored.info().id());
      Collection c = target.restoreCollection(stored.info());
      try {
        recoverCollection(c, stored.loaded());
      } catch (KeyAccessException | EncryptedObjectException failure) {
        // One database's key (or a tampered object) must not keep the server from serving others.
        quarantined.put(c.id(), failure);
        LOG.error("collection {} of database {} is unavailable: its stored data cannot be read ({}); it serves nothing "
            + "until a restart after the cause is fixed", c.info().name(), c.info().database(), failure.getMessage());
      }
      if (stored.loaded()) {
        c.markLoaded(1, List.of());
      }
    }
    removeOrphanDirectories(known);
    removeOrphanKeys(known);
    target.ensureDefaultDatabase();
    if (remote != null) {
      long every = Math.max(1, options.gcInterval().toMillis());
      checkpointer.scheduleWithFixedDelay(() -> {
        try {
          collectGarbage(options.gcGrace());
          rewrapHeaders();
        } catch (IOException | RuntimeException e) {
          LOG.warn("garbage collection of segment objects failed; it runs again in {}", options.gcInterval(), e);
        }
      }, every, every, TimeUnit.MILLISECONDS);
    }
  }

  private void recoverCollection(Collection c, boolean wasLoaded) throws IOException {
    CollectionInfo info = c.info();
    CollectionFiles cf = new CollectionFiles(info.id());
    cf.releasedAll = !wasLoaded;
    cf.lazyPending = wasLoaded && lazyLoad;
    files.put(info.id(), cf);
    if (keyOf(info.database()) != null) {
      cipher.checkAccess(info.database()); // a revoked key fails here, before anything is loaded
    }
    Set<Long> partitions = new HashSet<>();
    info.partitions().forEach(p -> partitions.add(p.id()));
    List<SegmentManifest> manifests = new ArrayList<>();
    for (KvStore.Entry e : kv.scan("segment/" + info.id() + "/")) {
      manifests.add(CatalogCodec.segment(e.value()));
    }
    manifests.sort(Comparator.comparingLong(SegmentManifest::id));
    List<String> staleKeys = new ArrayList<>();
    List<Segment> loaded = new ArrayList<>();
    try {
      for (SegmentManifest m : manifests) {
        if (!partitions.contains(m.partitionId()) || m.shard() >= info.shards()) {
          staleKeys.add(segmentKey(info.id(), m.id()));
          continue;
        }
        loaded.add(shouldBeResident(cf, m.partitionId()) ? loadSegment(c, cf, m) : loadReleasedSegment(c, cf, m));
      }
    } catch (IOException | RuntimeException e) {
      loaded.forEach(Segment::close); // all or nothing: no half-loaded collection
      throw e;
    }
    for (Segment seg : loaded) {
      c.shards()[seg.shard()].addLoadedSegment(seg);
      cf.segments.put(seg.id(), manifests.stream().filter(m -> m.id() == seg.id()).findFirst().orElseThrow());
      plane.tso().observe(seg.maxTimestamp());
    }
    if (!staleKeys.isEmpty()) {
      Txn.Builder txn = Txn.builder();
      staleKeys.forEach(txn::delete);
      commit(txn.build());
      for (String key : staleKeys) {
        deleteTree(cf.segmentDir(Long.parseLong(key.substring(key.lastIndexOf('/') + 1))));
      }
    }
    removeUnrecordedSegmentDirectories(cf);
    for (Shard shard : c.shards()) {
      replay(c, cf, shard, partitions);
    }
    for (Shard shard : c.shards()) {
      for (Segment seg : shard.segments()) {
        c.scheduleIndexBuilds(seg);
      }
    }
  }

  private Segment loadSegment(Collection c, CollectionFiles cf, SegmentManifest m) throws IOException {
    Path dir = cf.segmentDir(m.id());
    CollectionSchema schema = c.info().schema();
    ensureLocal(c, cf, m, schema, true);
    SegmentFile.Contents contents = SegmentFile.read(dir.resolve(DATA_FILE), scalarSchema(schema));
    long[] deletes = m.deletesFile() == null ? null : DeleteLog.read(dir.resolve(m.deletesFile()), m.id(), contents.rows());
    Arena arena = Arena.ofShared();
    Segment seg;
    try {
      Map<Long, ColumnReader> vectors = mapVectorFiles(schema, dir, m.id(), contents.rows(), arena);
      seg = Segment.restore(m.id(), m.partitionId(), m.shard(), schema, contents.columns(), vectors, contents.rows(),
          contents.timestamps(), deletes);
      seg.setKeyStats(m.keyStats());
      seg.attachResource(arena);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
    loadIndexes(c, m, seg, dir, arena, null);
    return seg;
  }

  /**
   * Loads a recorded segment of a released collection (or partition): only its primary keys,
   * timestamps and deletes come into memory (the data file and delete log are read, the vector and
   * index files are not); with an object store the downloaded files are dropped again.
   */
  private Segment loadReleasedSegment(Collection c, CollectionFiles cf, SegmentManifest m) throws IOException {
    Path dir = cf.segmentDir(m.id());
    CollectionSchema schema = c.info().schema();
    ensureLocal(c, cf, m, schema, false);
    SegmentFile.Contents contents = SegmentFile.read(dir.resolve(DATA_FILE), scalarSchema(schema));
    long[] deletes = m.deletesFile() == null ? null : DeleteLog.read(dir.resolve(m.deletesFile()), m.id(), contents.rows());
    long pk = schema.primaryField().id();
    Segment seg = Segment.restoreReleased(m.id(), m.partitionId(), m.shard(), schema, Map.of(pk, contents.columns().get(pk)),
        contents.rows(), contents.timestamps(), deletes, storedIndexFields(c, m));
    seg.setKeyStats(m.keyStats());
    evictLocal(cf, m.id());
    return seg;
  }

  /** Memory-maps the vector files of a segment, checking their shape. */
  private static Map<Long, ColumnReader> mapVectorFiles(CollectionSchema schema, Path dir, long segmentId, int rows, Arena arena)
      throws IOException {
    Map<Long, ColumnReader> vectors = new HashMap<>();
    for (FieldSchema f : schema.vectorFields()) {
      VectorFile.Mapped mapped = VectorFile.map(dir.resolve(vectorFileName(f.id())), segmentId, f.id(), arena);
      if (mapped.rows() != rows || mapped.dimension() != f.dim()) {
        throw new IOException("vector file of field " + f.name() + " in segment " + segmentId + " holds " + mapped.rows() + " x "
            + mapped.dimension() + ", expected " + rows + " x " + f.dim());
      }
      vectors.put(f.id(), new MappedVectorColumn(f, mapped.vectors(), mapped.rows()));
    }
    return vectors;
  }

  /** The vector fields whose index file of {@code m} is usable for the current declaration. */
  private static Set<Long> storedIndexFields(Collection c, SegmentManifest m) {
    Set<Long> out = new HashSet<>();
    for (Long fieldId : m.indexFiles().keySet()) {
      if (c.info().indexOnField(fieldId) != null) {
        out.add(fieldId);
      }
    }
    return out;
  }

  /**
   * Brings a released segment's data back into memory (downloading what the data directory lacks):
   * its columns, memory-mapped vectors and stored indexes. Its deletes are the ones in memory,
   * which are newer than any delete log. Caller holds the collection's lock.
   */
  private void reload(Collection c, CollectionFiles cf, Segment seg, SegmentManifest m) throws IOException {
    Path dir = cf.segmentDir(m.id());
    CollectionSchema schema = c.info().schema();
    Set<Long> stored = seg.storedIndexes();
    ensureLocal(c, cf, m, schema, true);
    SegmentFile.Contents contents = SegmentFile.read(dir.resolve(DATA_FILE), scalarSchema(schema));
    if (contents.rows() != seg.rowCount()) {
      throw new IOException("data file of segment " + m.id() + " holds " + contents.rows() + " rows, expected " + seg.rowCount());
    }
    Arena arena = Arena.ofShared();
    try {
      Map<Long, ColumnReader> vectors = mapVectorFiles(schema, dir, m.id(), contents.rows(), arena);
      seg.restoreData(contents.columns(), vectors, arena);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
    loadIndexes(c, m, seg, dir, arena, stored);
    for (IndexSpec spec : c.info().indexes()) {
      if (!seg.hasIndex(spec.fieldId())) {
        c.scheduleIndexBuilds(seg);
        break;
      }
    }
  }

  /** Releases a written segment's memory and, with an object store, its local files. Caller holds the lock. */
  private void release(Collection c, CollectionFiles cf, Segment seg, SegmentManifest m) throws IOException {
    seg.release(storedIndexFields(c, m));
    evictLocal(cf, seg.id());
  }

  /** With an object store, local segment files are a cache: drops those of a released segment. */
  private void evictLocal(CollectionFiles cf, long segmentId) throws IOException {
    if (remote != null) {
      deleteTree(cf.segmentDir(segmentId));
    }
  }

  /** Whether the written segments of {@code partitionId} should hold their data in memory now. */
  private static boolean shouldBeResident(CollectionFiles cf, long partitionId) {
    return !cf.releasedAll && !cf.lazyPending && !cf.releasedPartitions.contains(partitionId);
  }

  /**
   * Brings every written segment of {@code c} to the memory state its load state asks for:
   * released ones give up their memory (and cached files), loaded ones get it back. Segments not
   * written yet (growing, or sealed before their checkpoint) always stay in memory. Caller holds
   * the collection's lock.
   */
  private void syncResidency(Collection c, CollectionFiles cf) throws IOException {
    for (Shard shard : c.shards()) {
      for (Segment seg : shard.segments()) {
        SegmentManifest m = cf.segments.get(seg.id());
        if (!seg.isSealed() || m == null || cf.pendingReplacements.containsKey(seg.id())) {
          continue;
        }
        boolean should = shouldBeResident(cf, seg.partitionId()) || cf.pins.containsKey(seg.id());
        if (seg.isResident() && !should) {
          release(c, cf, seg, m);
        } else if (!seg.isResident() && should) {
          reload(c, cf, seg, m);
        } else if (!seg.isResident()) {
          evictLocal(cf, seg.id()); // e.g. a delete log just written for it
        }
      }
    }
  }

  @Override
  public void loadData(Collection c, Set<Long> partitionIds) throws IOException {
    CollectionFiles cf = files.computeIfAbsent(c.id(), CollectionFiles::new);
    synchronized (cf) {
      boolean wasAll = cf.releasedAll;
      Set<Long> wasPartitions = Set.copyOf(cf.releasedPartitions);
      boolean wasLazy = cf.lazyPending;
      if (partitionIds == null) {
        cf.releasedAll = false;
        cf.releasedPartitions.clear();
      } else {
        if (cf.releasedAll) {
          c.info().partitions().forEach(p -> cf.releasedPartitions.add(p.id()));
          cf.releasedAll = false;
        }
        cf.releasedPartitions.removeAll(partitionIds);
      }
      cf.lazyPending = lazyLoad;
      try {
        syncResidency(c, cf);
      } catch (IOException | RuntimeException e) {
        cf.releasedAll = wasAll;
        cf.releasedPartitions.clear();
        cf.releasedPartitions.addAll(wasPartitions);
        cf.lazyPending = wasLazy;
        try {
          syncResidency(c, cf); // give back what was loaded before the failure
        } catch (IOException | RuntimeException again) {
          e.addSuppressed(again);
        }
        throw e;
      }
    }
  }

  @Override
  public void releaseData(Collection c, Set<Long> partitionIds) throws IOException {
    CollectionFiles cf = files.computeIfAbsent(c.id(), CollectionFiles::new);
    synchronized (cf) {
      if (partitionIds == null) {
        cf.releasedAll = true;
        cf.releasedPartitions.clear();
      } else {
        cf.releasedPartitions.addAll(partitionIds);
        boolean all = true;
        for (io.quiver.engine.collection.PartitionInfo p : c.info().partitions()) {
          all &= cf.releasedPartitions.contains(p.id());
        }
        if (all) {
          cf.releasedAll = true;
          cf.releasedPartitions.clear();
        }
      }
      cf.lazyPending = false;
      syncResidency(c, cf);
    }
  }

  @Override
  public void ensureLoaded(Collection c) throws IOException {
    CollectionFiles cf = files.get(c.id());
    if (cf == null || !cf.lazyPending) {
      return;
    }
    synchronized (cf) {
      if (!cf.lazyPending) {
        return;
      }
      cf.lazyPending = false;
      try {
        syncResidency(c, cf);
      } catch (IOException | RuntimeException e) {
        cf.lazyPending = true;
        syncResidency(c, cf);
        throw e;
      }
    }
  }

  @Override
  public AutoCloseable pin(Collection c, Segment seg) throws IOException {
    CollectionFiles cf = files.get(c.id());
    if (cf == null) {
      return null;
    }
    synchronized (cf) {
      SegmentManifest m = cf.segments.get(seg.id());
      if (cf.dropped || m == null || !c.shards()[seg.shard()].segments().contains(seg)) {
        return null; // compacted away or dropped
      }
      cf.pins.merge(seg.id(), 1, Integer::sum);
      try {
        if (!seg.isResident()) {
          reload(c, cf, seg, m);
        }
      } catch (IOException | RuntimeException e) {
        unpin(c, cf, seg);
        throw e;
      }
    }
    AtomicBoolean once = new AtomicBoolean();
    return () -> {
      if (once.compareAndSet(false, true)) {
        synchronized (cf) {
          unpin(c, cf, seg);
        }
      }
    };
  }

  private void unpin(Collection c, CollectionFiles cf, Segment seg) throws IOException {
    cf.pins.computeIfPresent(seg.id(), (k, n) -> n <= 1 ? null : n - 1);
    if (!cf.dropped) {
      syncResidency(c, cf);
    }
  }

  /**
   * Loads the index files of {@code m} into {@code seg}; with {@code only} non-null, only those
   * fields (the indexes a released segment kept a claim on).
   */
  private void loadIndexes(Collection c, SegmentManifest m, Segment seg, Path dir, Arena arena, Set<Long> only) {
    CollectionSchema schema = c.info().schema();
    for (Map.Entry<Long, String> e : m.indexFiles().entrySet()) {
      if (only != null && !only.contains(e.getKey())) {
        continue;
      }
      IndexSpec spec = c.info().indexOnField(e.getKey());
      FieldSchema field = schema.fieldById(e.getKey());
      if (spec == null || field == null) {
        continue;
      }
      try {
        IndexFile.Mapped mapped = IndexFile.map(dir.resolve(e.getValue()), m.id(), e.getKey(), arena);
        if (!IndexRegistry.canonicalType(spec.indexType()).equals(mapped.type())) {
          continue; // index declaration changed since the file was written: rebuild
        }
        VectorIndex index = IndexRegistry.factory(mapped.type()).load(mapped.payload(),
            seg.vectors(field.id(), seg.rowCount()), MetricType.parse(spec.metricType()));
        seg.putIndex(field.id(), index);
      } catch (IOException | RuntimeException ex) {
        LOG.warn("index file {} of segment {} is unusable ({}); rebuilding it", e.getValue(), m.id(), ex.toString());
      }
    }
  }

  static final String DATA_FILE = "data.arrow";

  static String vectorFileName(long fieldId) {
    return "vectors-" + fieldId + ".bin";
  }

  /**
   * The schema of the Arrow data file: every field but the vector fields, which are stored raw
   * (see {@link VectorFile}) so that they can be memory-mapped instead of copied onto the heap.
   */
  static CollectionSchema scalarSchema(CollectionSchema schema) {
    List<FieldSchema> fields = new ArrayList<>();
    for (FieldSchema f : schema.fields()) {
      if (!f.type().isVector()) {
        fields.add(f);
      }
    }
    return new CollectionSchema(schema.description(), fields, schema.enableDynamicField());
  }

  private void replay(Collection c, CollectionFiles cf, Shard shard, Set<Long> partitions) throws IOException {
    long from = checkpointOf(c.id(), shard.index());
    boolean hadLog = options.logsInObjectStore()
        ? !remote.list("wal/" + c.id() + "/" + shard.index() + "/").isEmpty()
        : Files.isDirectory(cf.walDir(shard.index()));
    ShardLog log = cf.log(shard.index());
    if (log.wal.nextLsn() < from) {
      // The log restarts below the checkpoint (a fresh data directory on a catalog and object store
      // that outlived the node): everything up to the checkpoint is in segments; renumber so that
      // new records are never taken for covered ones.
      if (hadLog) {
        LOG.warn("collection {} shard {}: the write-ahead log ends at {} but the catalog checkpoint is {}; writes after "
            + "the last flush that were only in the lost log cannot be recovered", c.info().name(), shard.index(),
            log.wal.nextLsn(), from);
      }
      commit(Txn.builder().put(checkpointKey(c.id(), shard.index()),
          Long.toString(log.wal.nextLsn()).getBytes(StandardCharsets.UTF_8)).build());
      return;
    }
    if (!hadLog) {
      return;
    }
    long[] count = {0};
    log.wal.replay(from, (lsn, record) -> {
      WriteBatch batch = WalRecordCodec.decode(record, c.info().schema());
      if (batch.rows() > 0 && !partitions.contains(batch.partitionId())) {
        batch = new WriteBatch(batch.shard(), batch.partitionId(), batch.timestamp(), batch.deletes(), Map.of(), 0);
      }
      plane.tso().observe(batch.timestamp());
      shard.apply(batch);
      log.appliedLsn = lsn;
      count[0]++;
    });
    if (count[0] > 0) {
      LOG.info("collection {} shard {}: replayed {} log records", c.info().name(), shard.index(), count[0]);
    }
  }

  private long checkpointOf(long collectionId, int shard) throws IOException {
    return kv.get(checkpointKey(collectionId, shard))
        .map(e -> Long.parseLong(new String(e.value(), StandardCharsets.UTF_8)))
        .orElse(0L);
  }

  /** Segment and checkpoint keys of collections the catalog no longer holds (an interrupted drop). */
  private void removeOrphanKeys(Set<Long> known) throws IOException {
    Txn.Builder txn = Txn.builder();
    int n = 0;
    for (String prefix : List.of("segment/", "checkpoint/")) {
      for (KvStore.Entry e : kv.scan(prefix)) {
        String id = e.key().split("/")[1];
        if (id.matches("\\d+") && !known.contains(Long.parseLong(id))) {
          txn.delete(e.key());
          n++;
        }
      }
    }
    if (n > 0) {
      commit(txn.build());
    }
  }

  private void removeOrphanDirectories(Set<Long> known) throws IOException {
    for (String area : List.of("wal", "segments")) {
      Path dir = root.resolve(area);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> children = Files.list(dir)) {
        for (Path p : children.toList()) {
          String name = p.getFileName().toString();
          if (name.matches("\\d+") && !known.contains(Long.parseLong(name))) {
            LOG.info("removing data of dropped collection {}", name);
            deleteTree(p);
          }
        }
      }
    }
  }

  private void removeUnrecordedSegmentDirectories(CollectionFiles cf) throws IOException {
    Path dir = root.resolve("segments").resolve(Long.toString(cf.collectionId));
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path p : children.toList()) {
        String name = p.getFileName().toString();
        if (!name.matches("\\d+") || !cf.segments.containsKey(Long.parseLong(name))) {
          deleteTree(p); // written by a checkpoint that did not commit
        }
      }
    }
    for (SegmentManifest m : cf.segments.values()) {
      Path segDir = cf.segmentDir(m.id());
      if (!Files.isDirectory(segDir)) {
        continue; // released with an object store: not cached here
      }
      try (Stream<Path> children = Files.list(segDir)) {
        for (Path p : children.toList()) {
          String name = p.getFileName().toString();
          boolean referenced = name.equals(DATA_FILE) || name.matches("vectors-\\d+\\.bin") || name.equals(m.deletesFile())
              || m.indexFiles().containsValue(name);
          if (!referenced) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ catalog

  @Override
  public void saveDatabase(DatabaseInfo database) throws IOException {
    commit(Txn.builder().put("db/" + database.name(), CatalogCodec.database(database)).build());
  }

  @Override
  public void dropDatabase(DatabaseInfo database) throws IOException {
    commit(Txn.builder().delete("db/" + database.name()).delete("alias/" + database.name()).build());
  }

  @Override
  public void saveCollection(CollectionInfo collection, boolean loaded) throws IOException {
    commit(Txn.builder().put(collectionKey(collection.id()), CatalogCodec.collection(collection, loaded)).build());
    files.computeIfAbsent(collection.id(), CollectionFiles::new);
  }

  @Override
  public void dropCollection(CollectionInfo collection) throws IOException {
    CollectionFiles cf = files.computeIfAbsent(collection.id(), CollectionFiles::new);
    synchronized (cf) {
      cf.dropped = true;
      commit(Txn.builder().delete(collectionKey(collection.id())).build()); // the collection is gone from here on
      Txn.Builder txn = Txn.builder();
      for (KvStore.Entry e : kv.scan("segment/" + collection.id() + "/")) {
        txn.delete(e.key());
      }
      for (KvStore.Entry e : kv.scan("checkpoint/" + collection.id() + "/")) {
        txn.delete(e.key());
      }
      commit(txn.build());
      for (ShardLog log : cf.logs.values()) {
        log.wal.close();
      }
      files.remove(collection.id());
    }
    deleteTree(root.resolve("wal").resolve(Long.toString(collection.id())));
    deleteTree(root.resolve("segments").resolve(Long.toString(collection.id())));
    if (remote != null) {
      deleteRemotePrefix("segments/" + collection.id() + "/");
      deleteRemotePrefix("wal/" + collection.id() + "/");
    }
  }

  @Override
  public void saveAliases(String database, Map<String, String> aliases) throws IOException {
    commit(Txn.builder().put("alias/" + database, CatalogCodec.aliases(aliases)).build());
  }

  @Override
  public void checkWritable() {
    if (lease != null) {
      lease.checkWritable();
    }
  }

  @Override
  public Map<String, byte[]> loadAccessControl() throws IOException {
    Map<String, byte[]> out = new java.util.LinkedHashMap<>();
    for (KvStore.Entry e : kv.scan(ACCESS_CONTROL_PREFIX)) {
      out.put(e.key(), e.value());
    }
    return out;
  }

  @Override
  public void saveAccessControl(Map<String, byte[]> puts, java.util.Collection<String> deletes) throws IOException {
    Txn.Builder txn = Txn.builder();
    for (String key : deletes) {
      txn.delete(checkAccessControlKey(key));
    }
    puts.forEach((key, value) -> txn.put(checkAccessControlKey(key), value));
    commit(txn.build());
  }

  private static String checkAccessControlKey(String key) {
    if (!key.startsWith(ACCESS_CONTROL_PREFIX) || key.length() == ACCESS_CONTROL_PREFIX.length()) {
      throw new IllegalArgumentException("not an access-control key: " + key);
    }
    return key;
  }

  @Override
  public WriteLog log(long collectionId, int shard) throws IOException {
    if (closed.get()) {
      throw new IOException("the data directory is closed (server shutting down)");
    }
    return files.computeIfAbsent(collectionId, CollectionFiles::new).log(shard);
  }

  // ------------------------------------------------------------------ checkpoints

  private void scheduleCheckpoint(CollectionFiles cf) {
    try {
      checkpointer.execute(() -> {
        cf.checkpointQueued.set(false);
        DataPlane p = plane;
        if (p == null || cf.dropped) {
          return;
        }
        for (Collection c : p.allCollections()) {
          if (c.id() == cf.collectionId) {
            try {
              checkpoint(c);
            } catch (IOException | RuntimeException e) {
              LOG.error("checkpoint of collection {} failed; the log keeps every write", c.info().name(), e);
            }
          }
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      cf.checkpointQueued.set(false); // shutting down: the final checkpoint covers it
    }
  }

  @Override
  public List<Segment> checkpoint(Collection c) throws IOException {
    CollectionFiles cf = files.computeIfAbsent(c.id(), CollectionFiles::new);
    synchronized (cf) {
      if (cf.dropped) {
        return List.of();
      }
      List<Segment> sealedNow = new ArrayList<>();
      for (Shard shard : c.shards()) {
        sealedNow.addAll(checkpointShard(c, cf, shard));
      }
      syncResidency(c, cf); // segments written while released give their memory up
      return sealedNow;
    }
  }

  private List<Segment> checkpointShard(Collection c, CollectionFiles cf, Shard shard) throws IOException {
    ShardLog log = cf.log(shard.index());
    List<Segment> sealedNow;
    long coveredUpTo;
    List<Segment> segments;
    shard.lock().lock();
    try {
      sealedNow = shard.sealGrowing();
      coveredUpTo = log.appliedLsn + 1;
      segments = shard.segments();
    } finally {
      shard.lock().unlock();
    }
    retryPendingReplacements(c, cf);
    Txn.Builder txn = Txn.builder();
    List<Path> superseded = new ArrayList<>();
    Map<Long, SegmentManifest> updated = new HashMap<>();
    for (Segment seg : segments) {
      if (!seg.isSealed() || cf.pendingReplacements.containsKey(seg.id())) {
        continue;
      }
      SegmentManifest m = writeFiles(c, cf, seg, superseded);
      if (!m.equals(cf.segments.get(seg.id()))) {
        updated.put(seg.id(), m);
        txn.put(segmentKey(c.id(), seg.id()), CatalogCodec.segment(m));
      }
    }
    txn.put(checkpointKey(c.id(), shard.index()), Long.toString(coveredUpTo).getBytes(StandardCharsets.UTF_8));
    if (!updated.isEmpty()) {
      Failpoints.hit(Failpoints.CHECKPOINT_AFTER_UPLOAD);
    }
    commit(txn.build());
    if (!updated.isEmpty()) {
      Failpoints.hit(Failpoints.CHECKPOINT_AFTER_COMMIT);
    }
    Set<Long> newlyWritten = new HashSet<>();
    for (Long id : updated.keySet()) {
      if (!cf.segments.containsKey(id)) {
        newlyWritten.add(id);
      }
    }
    cf.segments.putAll(updated);
    for (Path p : superseded) {
      Files.deleteIfExists(p);
    }
    log.wal.truncateBefore(coveredUpTo);
    if (!updated.isEmpty()) {
      Failpoints.hit(Failpoints.CHECKPOINT_AFTER_TRUNCATE);
    }
    for (Segment seg : segments) {
      if (newlyWritten.contains(seg.id()) && shouldBeResident(cf, seg.partitionId())) {
        mapVectors(c, cf, seg);
      }
    }
    return sealedNow;
  }

  /**
   * Writes (and uploads) what the catalog does not have yet of a sealed segment: its data and
   * vector files and built indexes when it was never written, and a new delete-log version when
   * its deletes changed. Returns its manifest as it should be recorded. Caller holds the
   * collection's lock.
   */
  private SegmentManifest writeFiles(Collection c, CollectionFiles cf, Segment seg, List<Path> superseded) throws IOException {
    SegmentManifest m = cf.segments.get(seg.id());
    Path dir = cf.segmentDir(seg.id());
    int rows = seg.rowCount();
    if (m == null) {
      Files.createDirectories(dir);
      Map<Long, ColumnData> columns = seg.snapshotColumns(rows);
      CollectionSchema schema = c.info().schema();
      for (FieldSchema f : schema.vectorFields()) {
        ColumnData v = columns.remove(f.id());
        VectorFile.write(dir.resolve(vectorFileName(f.id())), seg.id(), f.id(), (float[]) v.values(), rows, f.dim());
        upload(c, cf, seg.id(), vectorFileName(f.id()));
      }
      SegmentFile.write(dir.resolve(DATA_FILE), new SegmentInfo(seg.id(), seg.partitionId(), seg.shard(), rows),
          scalarSchema(schema), columns, rows, seg.snapshotTimestamps(rows));
      upload(c, cf, seg.id(), DATA_FILE);
      FieldSchema keyField = io.quiver.engine.segment.KeyStats.keyField(schema);
      io.quiver.engine.segment.KeyStats keyStats = seg.keyStats();
      if (keyField != null && (keyStats == null || keyStats.fieldId() != keyField.id())) {
        keyStats = io.quiver.engine.segment.KeyStats.of(seg, keyField, rows);
        seg.setKeyStats(keyStats);
      }
      m = new SegmentManifest(seg.id(), seg.partitionId(), seg.shard(), rows, 0, null, Map.of(),
          keyField == null ? null : keyStats);
      for (Map.Entry<Long, VectorIndex> e : seg.indexes().entrySet()) {
        String name = "index-" + e.getKey() + ".bin";
        IndexFile.write(dir.resolve(name), seg.id(), e.getKey(), e.getValue());
        upload(c, cf, seg.id(), name);
        m = m.withIndex(e.getKey(), name);
      }
    }
    int deleted = seg.deletedCount();
    if (deleted != m.deletedCount()) {
      Files.createDirectories(dir); // a released segment's files may not be cached here
      int version = m.deletesFile() == null ? 1 : Integer.parseInt(m.deletesFile().replaceAll("\\D", "")) + 1;
      String name = "deletes." + version + ".bin";
      long[] deleteTs = seg.snapshotDeleteTimestamps(rows);
      int recorded = 0;
      if (deleteTs != null) {
        for (long d : deleteTs) {
          if (d != 0) {
            recorded++;
          }
        }
      }
      DeleteLog.write(dir.resolve(name), seg.id(), deleteTs == null ? new long[rows] : deleteTs);
      upload(c, cf, seg.id(), name);
      if (m.deletesFile() != null) {
        superseded.add(dir.resolve(m.deletesFile()));
      }
      m = m.withDeletes(recorded, name);
    }
    return m;
  }

  @Override
  public void persistImported(Collection c, List<Segment> segments) throws IOException {
    CollectionFiles cf = files.computeIfAbsent(c.id(), CollectionFiles::new);
    synchronized (cf) {
      if (cf.dropped) {
        throw new IOException("collection " + c.info().name() + " was dropped during the import");
      }
      Txn.Builder txn = Txn.builder();
      Map<Long, SegmentManifest> written = new HashMap<>();
      List<Path> superseded = new ArrayList<>();
      for (Segment seg : segments) {
        SegmentManifest m = writeFiles(c, cf, seg, superseded);
        written.put(seg.id(), m);
        txn.put(segmentKey(c.id(), seg.id()), CatalogCodec.segment(m));
      }
      Txn t = txn.build();
      if (t.puts().size() > MAX_TXN_OPS) {
        throw new IOException("an import may create at most " + MAX_TXN_OPS + " segments at once; split the files");
      }
      commit(t);
      cf.segments.putAll(written);
      for (Segment seg : segments) {
        mapVectors(c, cf, seg);
      }
      syncResidency(c, cf);
    }
  }

  /**
   * Swaps the heap copy of a just-written segment's vectors for the memory-mapped vector files,
   * so that sealed data never stays on the Java heap (collections larger than the heap load).
   * Readers holding the heap array keep it alive until they finish.
   */
  private void mapVectors(Collection c, CollectionFiles cf, Segment seg) {
    if (!seg.isResident()) {
      return;
    }
    Arena arena = Arena.ofShared();
    try {
      for (FieldSchema f : c.info().schema().vectorFields()) {
        if (seg.column(f.id()) instanceof MappedVectorColumn) {
          continue;
        }
        VectorFile.Mapped mapped = VectorFile.map(cf.segmentDir(seg.id()).resolve(vectorFileName(f.id())), seg.id(), f.id(), arena);
        seg.attachExternalColumn(f.id(), new MappedVectorColumn(f, mapped.vectors(), mapped.rows()), null);
      }
      seg.attachResource(arena);
    } catch (IOException | RuntimeException e) {
      arena.close();
      LOG.warn("segment {} keeps its vectors on the heap: mapping its vector files failed ({})", seg.id(), e.toString());
    }
  }

  // ------------------------------------------------------------------ compaction

  /**
   * Compacts {@code inputs} (sealed segments of one shard and partition) into one segment and
   * records the replacement in ONE catalog transaction (the new manifest in, the inputs' out), so
   * a restart sees either the inputs or the result, never both. Rows deleted, or written before
   * {@code expireBefore} (a TTL cutoff; 0 for none), are dropped. If writing or committing fails,
   * the replacement is retried by the next checkpoint and the error is rethrown.
   *
   * @return the new segment, or null when no row survived
   */
  @Override
  public Segment compact(Collection c, Shard shard, List<Segment> inputs, long expireBefore) throws IOException {
    List<Segment> out = compact(c, shard, inputs, expireBefore, null, Integer.MAX_VALUE);
    return out.isEmpty() ? null : out.get(0);
  }

  /**
   * Clustering compaction: like {@link #compact(Collection, Shard, List, long)}, but the live rows
   * are sorted by {@code key} into segments of at most {@code maxRows} rows with disjoint key
   * ranges ({@link Shard#compact(List, long, FieldSchema, int, int)}), all recorded (the new
   * manifests in, the inputs' out) in ONE catalog transaction.
   *
   * @return the new segments in key order; empty when no row survived
   */
  @Override
  public List<Segment> compact(Collection c, Shard shard, List<Segment> inputs, long expireBefore, FieldSchema key,
      int maxRows) throws IOException {
    CollectionFiles cf = files.computeIfAbsent(c.id(), CollectionFiles::new);
    synchronized (cf) {
      if (cf.dropped) {
        return List.of();
      }
      if (inputs.size() >= MAX_TXN_OPS) {
        throw new IllegalArgumentException("a compaction must replace fewer than " + MAX_TXN_OPS + " segments");
      }
      for (Segment in : inputs) {
        if (!cf.segments.containsKey(in.id())) {
          throw new IllegalStateException("segment " + in.id() + " is not written yet; checkpoint before compacting");
        }
      }
      List<Segment> out;
      try {
        for (Segment in : inputs) {
          if (!in.isResident()) {
            reload(c, cf, in, cf.segments.get(in.id())); // a released collection is compacted too
          }
        }
        // the swap is one transaction: the outputs' puts and the inputs' deletes together
        out = shard.compact(inputs, expireBefore, key, maxRows, MAX_TXN_OPS - inputs.size());
      } catch (IOException | RuntimeException e) {
        syncResidency(c, cf);
        throw e;
      }
      List<Long> inputIds = inputs.stream().map(Segment::id).toList();
      PendingReplacement pending = new PendingReplacement(List.copyOf(out), inputIds);
      for (Long k : pending.keys()) {
        cf.pendingReplacements.put(k, pending);
      }
      commitReplacement(c, cf, pending);
      syncResidency(c, cf);
      // Searches that started before the swap may still read the inputs: release their memory
      // mappings and indexes only after any such search is long finished.
      for (Segment in : inputs) {
        closeLater(in);
      }
      return out;
    }
  }

  /** How long a replaced segment stays readable for searches that started before the swap. */
  static final long RETIRE_SECONDS = 120;

  private void closeLater(Segment seg) {
    try {
      checkpointer.schedule(seg::close, RETIRE_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      seg.close(); // shutting down: nothing is searching any more
    }
  }

  /** A compaction result and the segments it replaces, until the catalog records the swap. */
  record PendingReplacement(List<Segment> outputs, List<Long> inputIds) {
    /** Its keys in the pending table: the outputs' ids, or minus the first input's when there are none. */
    List<Long> keys() {
      return outputs.isEmpty() ? List.of(-inputIds.get(0)) : outputs.stream().map(Segment::id).toList();
    }
  }

  private void retryPendingReplacements(Collection c, CollectionFiles cf) throws IOException {
    Set<PendingReplacement> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    distinct.addAll(cf.pendingReplacements.values());
    for (PendingReplacement p : distinct) {
      commitReplacement(c, cf, p);
    }
  }

  private void commitReplacement(Collection c, CollectionFiles cf, PendingReplacement p) throws IOException {
    List<Path> superseded = new ArrayList<>();
    Txn.Builder txn = Txn.builder();
    Map<Long, SegmentManifest> outManifests = new LinkedHashMap<>();
    for (Segment output : p.outputs()) {
      SegmentManifest m = writeFiles(c, cf, output, superseded);
      outManifests.put(output.id(), m);
      txn.put(segmentKey(c.id(), output.id()), CatalogCodec.segment(m));
    }
    for (Long id : p.inputIds()) {
      txn.delete(segmentKey(c.id(), id));
    }
    Txn t = txn.build();
    if (t.puts().size() + t.deletes().size() > MAX_TXN_OPS) {
      throw new IllegalStateException("a compaction must write and replace at most " + MAX_TXN_OPS + " segments in all");
    }
    Failpoints.hit(Failpoints.COMPACTION_BEFORE_SWAP);
    commit(t);
    cf.segments.putAll(outManifests);
    for (Long k : p.keys()) {
      cf.pendingReplacements.remove(k);
    }
    for (Segment output : p.outputs()) {
      mapVectors(c, cf, output);
    }
    for (Long id : p.inputIds()) {
      cf.segments.remove(id);
      deleteTree(cf.segmentDir(id)); // remote copies go with the next garbage collection
    }
    for (Path path : superseded) {
      Files.deleteIfExists(path);
    }
  }

  @Override
  public void indexBuilt(Collection c, Segment segment, long fieldId, VectorIndex index) {
    CollectionFiles cf = files.get(c.id());
    if (cf == null) {
      return;
    }
    synchronized (cf) {
      SegmentManifest m = cf.segments.get(segment.id());
      if (cf.dropped || m == null) {
        return; // not written yet: the next checkpoint writes the index with the segment
      }
      if (!segment.isResident() || segment.index(fieldId) != index) {
        return; // released (the index closed with it) meanwhile: the build runs again from stored data
      }
      // A file already recorded for the field holds an index that was dropped or replaced (a
      // build only runs when the segment has no usable one): the new one gets a name of its own.
      String previous = m.indexFiles().get(fieldId);
      String name = previous == null ? "index-" + fieldId + ".bin" : "index-" + fieldId + "." + System.nanoTime() + ".bin";
      try {
        Files.createDirectories(cf.segmentDir(segment.id()));
        IndexFile.write(cf.segmentDir(segment.id()).resolve(name), segment.id(), fieldId, index);
        upload(c, cf, segment.id(), name);
        SegmentManifest next = m.withIndex(fieldId, name);
        commit(Txn.builder().put(segmentKey(c.id(), segment.id()), CatalogCodec.segment(next)).build());
        cf.segments.put(segment.id(), next);
        if (previous != null) {
          Files.deleteIfExists(cf.segmentDir(segment.id()).resolve(previous)); // the remote copy goes with the next GC
        }
      } catch (IOException e) {
        LOG.warn("could not store the index of segment {} field {}; it will be rebuilt after a restart", segment.id(),
            fieldId, e);
      }
    }
  }

  /** Checkpoints every collection (graceful shutdown), then closes logs and catalog. */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    checkpointer.shutdown();
    try {
      checkpointer.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    DataPlane p = plane;
    if (p != null) {
      for (Collection c : p.allCollections()) {
        try {
          checkpoint(c);
        } catch (IOException | RuntimeException e) {
          LOG.error("final checkpoint of collection {} failed; its log keeps every write", c.info().name(), e);
        }
      }
    }
    for (CollectionFiles cf : files.values()) {
      for (ShardLog log : cf.logs.values()) {
        log.wal.close();
      }
    }
    if (lease != null) {
      lease.close();
    }
    kv.close();
    if (remote != null) {
      remote.close();
    }
    if (cipher != null) {
      cipher.close();
      options.keys().close();
    }
  }

  // ------------------------------------------------------------------ remote segment files

  /** The object key of a segment file in the remote store. */
  static String remoteKey(long collectionId, long segmentId, String file) {
    return "segments/" + collectionId + "/" + segmentId + "/" + file;
  }

  /**
   * Uploads a segment file just written to the data directory (no-op without a remote store). In
   * a database with a key the object is the file encrypted under a data key of its own, with its
   * envelope header beside it ({@code <key>.qenv}); the header is written last, so an object
   * without one is never used.
   */
  private void upload(Collection c, CollectionFiles cf, long segmentId, String file) throws IOException {
    if (remote == null) {
      return;
    }
    String key = remoteKey(cf.collectionId, segmentId, file);
    Path local = cf.segmentDir(segmentId).resolve(file);
    String database = c.info().database();
    if (keyOf(database) == null) {
      remote.put(key, local);
      return;
    }
    Path sealed = local.resolveSibling(file + ".sealed.tmp");
    try {
      EnvelopeHeader header = cipher.encrypt(objectContext(database, cf.collectionId, key), local, sealed);
      remote.put(key, sealed);
      remote.put(key + EnvelopeHeader.SIDECAR_SUFFIX, header.toBytes());
    } finally {
      Files.deleteIfExists(sealed);
    }
  }

  /** The context an object is encrypted for: its database, its collection (by id) and its key. */
  private static ObjectContext objectContext(String database, long collectionId, String objectKey) {
    return new ObjectContext(database, Long.toString(collectionId), objectKey);
  }

  /** The key of {@code database} (its {@value KeySelector#PROPERTY} property), or null if it has none. */
  private KeyRef keyOf(String database) {
    DataPlane p = plane;
    if (p == null) {
      return null;
    }
    String ref;
    try {
      ref = p.describeDatabase(database).properties().get(KeySelector.PROPERTY);
    } catch (QuiverException e) {
      return null; // a dropped database
    }
    if (ref == null) {
      return null;
    }
    if (cipher == null) {
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "database " + database + " is encrypted (property "
          + KeySelector.PROPERTY + ") but this server has no encryption keys (security.encryption.key-dir)");
    }
    return KeyRef.parse(ref);
  }

  @Override
  public void checkEncryptionKey(String database, Map<String, String> properties) {
    String ref = properties.get(KeySelector.PROPERTY);
    if (ref == null) {
      return;
    }
    if (cipher == null) {
      Durability.super.checkEncryptionKey(database, properties);
    }
    KeyRef parsed;
    try {
      parsed = KeyRef.parse(ref);
    } catch (RuntimeException e) {
      throw QuiverException.invalid("database property %s: %s", KeySelector.PROPERTY, e.getMessage());
    }
    try {
      options.keys().currentVersion(parsed);
    } catch (KeyAccessException e) {
      throw QuiverException.invalid("database property %s names key %s, which cannot be used: %s", KeySelector.PROPERTY,
          parsed, e.reason());
    } catch (RuntimeException e) {
      throw QuiverException.invalid("database property %s names key %s, which cannot be used: %s", KeySelector.PROPERTY,
          parsed, e.getMessage());
    }
  }

  @Override
  public void checkDataAccess(Collection collection) {
    QuiverException q = quarantined.get(collection.id());
    if (q != null) {
      throw new QuiverException(q.code(), "collection " + collection.info().name() + " is unavailable since the server "
          + "started: " + q.getMessage());
    }
    String database = collection.info().database();
    if (keyOf(database) != null) {
      cipher.checkAccess(database);
    }
  }

  /** Downloads the files of a recorded segment that the data directory does not hold, decrypting them. */
  private void ensureLocal(Collection c, CollectionFiles cf, SegmentManifest m, CollectionSchema schema, boolean all)
      throws IOException {
    if (remote == null) {
      return;
    }
    String database = c.info().database();
    boolean encrypted = keyOf(database) != null;
    List<String> names = new ArrayList<>();
    names.add(DATA_FILE);
    if (all) {
      for (FieldSchema f : schema.vectorFields()) {
        names.add(vectorFileName(f.id()));
      }
      names.addAll(m.indexFiles().values());
    }
    if (m.deletesFile() != null) {
      names.add(m.deletesFile());
    }
    Path dir = cf.segmentDir(m.id());
    for (String name : names) {
      Path local = dir.resolve(name);
      if (!Files.exists(local)) {
        Files.createDirectories(dir);
        String key = remoteKey(cf.collectionId, m.id(), name);
        if (!encrypted) {
          remote.download(key, local);
          continue;
        }
        byte[] headerBytes;
        try {
          headerBytes = remote.get(key + EnvelopeHeader.SIDECAR_SUFFIX);
        } catch (io.quiver.storage.object.ObjectNotFoundException e) {
          throw new EncryptedObjectException("object '" + key + "' of database '" + database + "' has no envelope header: "
              + "it was not written encrypted for this database");
        }
        EnvelopeHeader header = EnvelopeHeader.parse(headerBytes);
        Path sealed = dir.resolve(name + ".sealed.tmp");
        Path plain = dir.resolve(name + ".plain.tmp");
        try {
          remote.download(key, sealed);
          cipher.decrypt(objectContext(database, cf.collectionId, key), header, sealed, plain);
          Files.move(plain, local, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(sealed);
          Files.deleteIfExists(plain);
        }
      }
    }
  }

  private void deleteRemotePrefix(String prefix) throws IOException {
    List<String> keys = new ArrayList<>();
    for (io.quiver.storage.object.ObjectInfo o : remote.list(prefix)) {
      keys.add(o.key());
    }
    remote.deleteAll(keys);
  }

  /**
   * Deletes remote segment objects that no catalog manifest references and that are older than
   * {@code grace} (files of a checkpoint that crashed before its catalog commit, superseded delete
   * logs, dropped collections). Returns how many were deleted.
   */
  public int collectGarbage(java.time.Duration grace) throws IOException {
    if (remote == null) {
      return 0;
    }
    java.time.Instant cutoff = java.time.Instant.now().minus(grace);
    Map<Long, List<io.quiver.storage.object.ObjectInfo>> byCollection = new HashMap<>();
    for (io.quiver.storage.object.ObjectInfo o : remote.list("segments/")) {
      String[] parts = o.key().split("/");
      if (parts.length >= 2 && parts[1].matches("\\d+")) {
        byCollection.computeIfAbsent(Long.parseLong(parts[1]), k -> new ArrayList<>()).add(o);
      }
    }
    int deleted = 0;
    for (Map.Entry<Long, List<io.quiver.storage.object.ObjectInfo>> e : byCollection.entrySet()) {
      if (quarantined.containsKey(e.getKey())) {
        continue; // its manifests were not loaded: nothing can be told garbage
      }
      CollectionFiles cf = files.get(e.getKey());
      List<String> garbage = new ArrayList<>();
      if (cf == null) {
        for (io.quiver.storage.object.ObjectInfo o : e.getValue()) {
          if (!o.lastModified().isAfter(cutoff)) {
            garbage.add(o.key()); // a dropped collection's leftovers
          }
        }
        remote.deleteAll(garbage);
      } else {
        // Under the collection's lock no checkpoint is between its uploads and its catalog commit.
        synchronized (cf) {
          Set<String> referenced = new HashSet<>();
          DataPlane p = plane;
          Set<String> vectorNames = new HashSet<>();
          if (p != null) {
            for (Collection c : p.allCollections()) {
              if (c.id() == cf.collectionId) {
                c.info().schema().vectorFields().forEach(f -> vectorNames.add(vectorFileName(f.id())));
              }
            }
          }
          for (SegmentManifest m : cf.segments.values()) {
            referenced.add(remoteKey(cf.collectionId, m.id(), DATA_FILE));
            vectorNames.forEach(n -> referenced.add(remoteKey(cf.collectionId, m.id(), n)));
            if (m.deletesFile() != null) {
              referenced.add(remoteKey(cf.collectionId, m.id(), m.deletesFile()));
            }
            m.indexFiles().values().forEach(n -> referenced.add(remoteKey(cf.collectionId, m.id(), n)));
          }
          for (String key : List.copyOf(referenced)) {
            referenced.add(key + EnvelopeHeader.SIDECAR_SUFFIX);
          }
          for (io.quiver.storage.object.ObjectInfo o : e.getValue()) {
            if (!referenced.contains(o.key()) && !o.lastModified().isAfter(cutoff)) {
              garbage.add(o.key());
            }
          }
          remote.deleteAll(garbage);
        }
      }
      if (!garbage.isEmpty()) {
        LOG.info("garbage collection deleted {} unreferenced segment objects of collection {}", garbage.size(), e.getKey());
      }
      deleted += garbage.size();
    }
    return deleted;
  }

  /**
   * Re-wraps the data keys of encrypted segment objects whose envelope header is not under their
   * database's current key version (after a rotation): only the small header object is written
   * again, the ciphertext stays. Runs after each garbage collection; returns how many headers
   * were re-wrapped. A database whose key cannot be used now is skipped until the next run.
   */
  public int rewrapHeaders() throws IOException {
    DataPlane p = plane;
    if (remote == null || cipher == null || p == null) {
      return 0;
    }
    int rewrapped = 0;
    for (Collection c : p.allCollections()) {
      CollectionFiles cf = files.get(c.id());
      String database = c.info().database();
      if (cf == null || quarantined.containsKey(c.id()) || keyOf(database) == null) {
        continue;
      }
      List<SegmentManifest> manifests;
      synchronized (cf) {
        manifests = List.copyOf(cf.segments.values());
      }
      try {
        cipher.checkAccess(database);
        for (SegmentManifest m : manifests) {
          for (io.quiver.storage.object.ObjectInfo o : remote.list("segments/" + c.id() + "/" + m.id() + "/")) {
            if (!o.key().endsWith(EnvelopeHeader.SIDECAR_SUFFIX)) {
              continue;
            }
            EnvelopeHeader h = EnvelopeHeader.parse(remote.get(o.key()));
            if (!cipher.isCurrent(h)) {
              remote.put(o.key(), cipher.rewrap(h).toBytes());
              rewrapped++;
            }
          }
        }
      } catch (KeyAccessException e) {
        LOG.warn("re-wrapping the data keys of collection {} waits: {}", c.info().name(), e.getMessage());
      }
    }
    if (rewrapped > 0) {
      LOG.info("re-wrapped {} data keys under the current key versions", rewrapped);
    }
    return rewrapped;
  }

  // ------------------------------------------------------------------ helpers

  /** Most operations one catalog transaction carries (etcd's default limit is 128). */
  static final int MAX_TXN_OPS = 100;

  /**
   * Commits a transaction without compares (the data plane serializes its own catalog writes).
   * Above {@link #MAX_TXN_OPS} operations it is split: the puts first, in order, then the
   * deletes, so the last put listed (a checkpoint position) is committed after everything it
   * covers. Callers only split where every prefix of the sequence is a safe state (a segment
   * recorded and also replayed from the log is deduplicated by primary key).
   */
  private void commit(Txn txn) throws IOException {
    List<Txn> parts = new ArrayList<>();
    if (txn.puts().size() + txn.deletes().size() <= MAX_TXN_OPS) {
      parts.add(txn);
    } else {
      Txn.Builder b = Txn.builder();
      int n = 0;
      for (Txn.Put p : txn.puts()) {
        b.put(p.key(), p.value());
        if (++n == MAX_TXN_OPS) {
          parts.add(b.build());
          b = Txn.builder();
          n = 0;
        }
      }
      for (String d : txn.deletes()) {
        b.delete(d);
        if (++n == MAX_TXN_OPS) {
          parts.add(b.build());
          b = Txn.builder();
          n = 0;
        }
      }
      if (n > 0) {
        parts.add(b.build());
      }
    }
    for (Txn part : parts) {
      try {
        kv.commit(part);
      } catch (io.quiver.storage.catalog.CompareFailedException e) {
        throw new IllegalStateException("a catalog transaction without compares failed a compare", e);
      }
    }
  }

  static String collectionKey(long id) {
    return "collection/" + id;
  }

  static String segmentKey(long collectionId, long segmentId) {
    return "segment/" + collectionId + "/" + segmentId;
  }

  static String checkpointKey(long collectionId, int shard) {
    return "checkpoint/" + collectionId + "/" + shard;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
