package io.quiver.server.runtime;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.collection.CollectionInfo;
import io.quiver.engine.collection.PartitionInfo;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.ColumnData;
import io.quiver.engine.segment.ColumnDataFactory;
import io.quiver.engine.segment.Segment;
import io.quiver.engine.segment.Shard;
import io.quiver.storage.imports.ImportBatch;
import io.quiver.storage.imports.ImportException;
import io.quiver.storage.imports.ImportFile;
import io.quiver.storage.imports.ImportOptions;
import io.quiver.storage.imports.ImportReader;
import io.quiver.storage.imports.ImportValidator;
import io.quiver.storage.object.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk import (Milvus's Import RPC): reads Parquet, row-based JSON or Arrow files from the import
 * object store, validates every row of every file first, then builds sealed segments outside the
 * write path, makes them durable, and only then makes them visible, all at once. A file with one
 * bad row is rejected with its row number and nothing of the task becomes visible.
 *
 * <p>Thread safety: tasks run one at a time on a dedicated thread; the task table is concurrent.
 */
public final class Importer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Importer.class);

  public enum State {
    PENDING,
    VALIDATING,
    IMPORTING,
    COMPLETED,
    FAILED
  }

  /** One import task; fields are updated by the import thread and read by pollers. */
  public static final class Task {
    private final long id;
    private final long collectionId;
    private final String collectionName;
    private final String database;
    private final List<String> files;
    private final long createdTs;
    private volatile State state = State.PENDING;
    private volatile long rowsRead;
    private volatile long rowsTotal = -1;
    private volatile long rowsImported;
    private volatile double progress;
    private volatile String failure = "";
    private volatile List<Long> segmentIds = List.of();

    Task(long id, Collection c, List<String> files, long createdTs) {
      this.id = id;
      this.collectionId = c.id();
      this.collectionName = c.info().name();
      this.database = c.info().database();
      this.files = List.copyOf(files);
      this.createdTs = createdTs;
    }

    public long id() {
      return id;
    }

    public long collectionId() {
      return collectionId;
    }

    public String collectionName() {
      return collectionName;
    }

    public String database() {
      return database;
    }

    public List<String> files() {
      return files;
    }

    public long createdTimestamp() {
      return createdTs;
    }

    public State state() {
      return state;
    }

    /** Rows parsed so far (validation and import passes count separately, see {@link #progress}). */
    public long rowsRead() {
      return rowsRead;
    }

    public long rowsImported() {
      return rowsImported;
    }

    /** 0 to 1: the validation pass is the first half, the import pass the second. */
    public double progress() {
      return progress;
    }

    public String failure() {
      return failure;
    }

    public List<Long> segmentIds() {
      return segmentIds;
    }
  }

  private final DataPlane plane;
  private final ObjectStore source;
  private final Path tempDir;
  private final ExecutorService runner;
  private final Map<Long, Task> tasks = new ConcurrentHashMap<>();
  private final AtomicLong ids;

  /**
   * @param source where import files are read from (keys as clients name them); owned
   * @param tempDir where files are downloaded while they are read
   */
  public Importer(DataPlane plane, ObjectStore source, Path tempDir) {
    this.plane = plane;
    this.source = source;
    this.tempDir = tempDir;
    this.ids = new AtomicLong(plane.tso().next());
    this.runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "quiver-import");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts importing {@code files} into {@code partitionName} (empty: default / partition key). */
  public Task start(Collection c, String partitionName, List<String> files) {
    if (files.isEmpty()) {
      throw QuiverException.missing("import needs at least one file");
    }
    if (files.size() > 1024) {
      throw QuiverException.invalid("an import task accepts at most 1024 files, got %d", files.size());
    }
    FieldSchema partitionKey = c.info().schema().partitionKeyField();
    if (partitionKey != null && partitionName != null && !partitionName.isEmpty()) {
      throw QuiverException.invalid("not support manually specifying the partition names if partition key mode is used");
    }
    if (partitionKey == null) {
      plane.partition(c, partitionName == null || partitionName.isEmpty() ? PartitionInfo.DEFAULT_NAME : partitionName);
    }
    Task task = new Task(ids.incrementAndGet(), c, files, plane.tso().next());
    tasks.put(task.id(), task);
    runner.execute(() -> run(c, task, partitionName));
    return task;
  }

  public Task task(long id) {
    return tasks.get(id);
  }

  /** Tasks of one collection (or all, when {@code collectionId < 0}), newest first. */
  public List<Task> list(String database, long collectionId, int limit) {
    List<Task> out = new ArrayList<>();
    for (Task t : tasks.values()) {
      if (t.database().equals(database) && (collectionId < 0 || t.collectionId() == collectionId)) {
        out.add(t);
      }
    }
    out.sort((a, b) -> Long.compare(b.createdTs, a.createdTs));
    return limit > 0 && out.size() > limit ? out.subList(0, limit) : out;
  }

  private void run(Collection c, Task task, String partitionName) {
    List<ImportFile> files = new ArrayList<>();
    try {
      Files.createDirectories(tempDir);
      CollectionSchema schema = c.info().schema();
      ImportOptions options = ImportOptions.DEFAULTS;
      task.state = State.VALIDATING;
      for (String key : task.files) {
        files.add(ImportFile.fetch(source, key, tempDir));
      }
      long totalBytes = files.stream().mapToLong(ImportFile::size).sum();
      long[] doneBytes = {0};
      for (ImportFile f : files) {
        long before = doneBytes[0];
        ImportValidator.Summary summary = ImportValidator.validateAll(f, schema, options, p -> {
          task.rowsRead = p.rowsRead();
          task.progress = 0.5 * (before + p.bytesRead()) / Math.max(1, totalBytes);
        });
        doneBytes[0] += f.size();
        task.rowsTotal = Math.max(0, task.rowsTotal) + summary.rows();
      }
      task.state = State.IMPORTING;
      List<Segment> built = build(c, task, files, partitionName, totalBytes);
      plane.durability().persistImported(c, built);
      for (Segment seg : built) {
        c.shards()[seg.shard()].addImportedSegment(seg);
      }
      task.segmentIds = built.stream().map(Segment::id).toList();
      task.progress = 1.0;
      task.state = State.COMPLETED;
      LOG.info("import {} into {} completed: {} rows in {} segments", task.id, c.info().name(), task.rowsImported, built.size());
    } catch (ImportException e) {
      fail(task, e.getMessage());
    } catch (QuiverException e) {
      fail(task, e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.error("import {} into {} failed", task.id, c.info().name(), e);
      fail(task, e.toString());
    } catch (Error e) {
      // e.g. OutOfMemoryError: the task must end as failed, never stay "importing" for ever
      LOG.error("import {} into {} failed", task.id, c.info().name(), e);
      fail(task, e.toString());
      throw e;
    } finally {
      files.forEach(ImportFile::close);
    }
  }

  private static void fail(Task task, String reason) {
    task.failure = reason;
    task.state = State.FAILED;
  }

  /** Reads every file again and appends its rows to new segments, one per (shard, partition). */
  private List<Segment> build(Collection c, Task task, List<ImportFile> files, String partitionName, long totalBytes) {
    CollectionInfo info = c.info();
    CollectionSchema schema = info.schema();
    FieldSchema pk = schema.primaryField();
    FieldSchema partitionKey = schema.partitionKeyField();
    long defaultPartition = partitionKey != null ? -1
        : plane.partition(c, partitionName == null || partitionName.isEmpty() ? PartitionInfo.DEFAULT_NAME : partitionName).id();
    long ts = plane.tso().next();
    Map<String, Segment> segments = new LinkedHashMap<>();
    List<Segment> done = new ArrayList<>();
    long bytesBefore = 0;
    for (ImportFile f : files) {
      ImportReader reader = f.open(schema, ImportOptions.DEFAULTS);
      try {
        while (reader.hasNext()) {
          ImportBatch batch = reader.next();
          Map<Long, ColumnData> columns = new HashMap<>(batch.columns());
          int rows = batch.rows();
          if (!columns.containsKey(pk.id())) {
            columns.put(pk.id(), autoIds(pk, rows));
          }
          for (FieldSchema field : schema.fields()) {
            columns.computeIfAbsent(field.id(), id -> ColumnDataFactory.constant(field, rows));
          }
          ColumnData keys = columns.get(pk.id());
          ColumnData pkeys = partitionKey == null ? null : columns.get(partitionKey.id());
          Map<String, List<Integer>> groups = new LinkedHashMap<>();
          for (int i = 0; i < rows; i++) {
            int shard = c.shardOf(keys.get(i));
            long partition = partitionKey == null ? defaultPartition
                : info.partitions().get(Collection.partitionKeyBucket(pkeys.get(i), info.partitions().size())).id();
            groups.computeIfAbsent(shard + "/" + partition, g -> new ArrayList<>()).add(i);
          }
          for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            String[] parts = g.getKey().split("/");
            int shard = Integer.parseInt(parts[0]);
            long partition = Long.parseLong(parts[1]);
            Map<Long, ColumnData> part = groups.size() == 1 ? columns : DataWriter.gather(columns, g.getValue());
            int n = g.getValue().size();
            int from = 0;
            while (from < n) {
              Segment seg = segments.get(g.getKey());
              if (seg == null || seg.rowCount() >= plane.config().maxSegmentRows()) {
                if (seg != null) {
                  seg.seal();
                  done.add(seg);
                }
                seg = new Segment(plane.tso().next(), partition, shard, schema, Math.min(n, plane.config().maxSegmentRows()));
                segments.put(g.getKey(), seg);
              }
              int count = Math.min(n - from, plane.config().maxSegmentRows() - seg.rowCount());
              seg.append(part, from, count, ts);
              from += count;
            }
          }
          task.rowsImported += rows;
          task.progress = 0.5 + 0.5 * (bytesBefore + reader.bytesRead()) / Math.max(1, totalBytes);
        }
        bytesBefore += f.size();
      } finally {
        reader.close();
      }
    }
    for (Segment seg : segments.values()) {
      if (seg.rowCount() > 0) {
        seg.seal();
        done.add(seg);
      }
    }
    return done;
  }

  private ColumnData autoIds(FieldSchema pk, int rows) {
    long first = plane.tso().allocate(rows);
    if (pk.type() == DataType.INT64) {
      long[] ids = new long[rows];
      for (int i = 0; i < rows; i++) {
        ids[i] = first + i;
      }
      return new ColumnData(pk, rows, ids, null);
    }
    String[] ids = new String[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = Long.toString(first + i);
    }
    return new ColumnData(pk, rows, ids, null);
  }

  /** Stops the import thread and closes the source store (owned). */
  @Override
  public void close() {
    runner.shutdownNow();
    source.close();
  }
}
