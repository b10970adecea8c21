package io.quiver.server.runtime;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.collection.CollectionInfo;
import io.quiver.engine.collection.ConsistencyLevel;
import io.quiver.engine.collection.IndexSpec;
import io.quiver.engine.collection.LoadState;
import io.quiver.engine.collection.PartitionInfo;
import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.index.IndexParams;
import io.quiver.engine.index.IndexRegistry;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.schema.Names;
import io.quiver.engine.schema.SchemaBuilder;
import io.quiver.engine.segment.Segment;
import io.quiver.engine.segment.Shard;
import io.quiver.engine.segment.TimestampOracle;
import io.quiver.engine.vector.MetricType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The data-plane runtime: databases, collections and their metadata operations (DDL), on top of
 * the engine's in-memory collections and a {@link Durability} that records every change before
 * it is acknowledged. Reads and writes go through {@link DataWriter} and {@link DataReader}.
 *
 * <p>Thread safety: DDL is serialized on one lock; lookups are lock free (concurrent maps of
 * immutable records).
 */
public final class DataPlane implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DataPlane.class);

  public static final int MAX_DATABASES = 64;
  public static final int MAX_COLLECTIONS = 65_536;
  public static final int MAX_PARTITIONS = 1024;
  public static final int MAX_SHARDS = 16;
  public static final int DEFAULT_PARTITION_KEY_PARTITIONS = 16;

  /** Per-database state. */
  static final class DatabaseState {
    volatile DatabaseInfo info;
    final Map<String, Collection> collections = new ConcurrentHashMap<>();
    /** alias -> collection name */
    final Map<String, String> aliases = new ConcurrentHashMap<>();

    DatabaseState(DatabaseInfo info) {
      this.info = info;
    }
  }

  private final DataPlaneConfig config;
  private final Durability durability;
  private final FilterCompiler filters;
  private final TimestampOracle tso;
  private final Object ddlLock = new Object();
  private final Map<String, DatabaseState> databases = new ConcurrentHashMap<>();
  private final ExecutorService indexPool;
  private final DataWriter writer;
  private final DataReader reader;
  private final Compactor compactor;
  private volatile Importer importer;

  public DataPlane(DataPlaneConfig config, Durability durability, FilterCompiler filters, TimestampOracle tso) {
    this.config = config;
    this.durability = durability;
    this.filters = filters;
    this.tso = tso;
    AtomicInteger n = new AtomicInteger();
    this.indexPool = Executors.newFixedThreadPool(config.indexBuildThreads(), r -> {
      Thread t = new Thread(r, "quiver-index-build-" + n.incrementAndGet());
      t.setDaemon(true);
      t.setPriority(Thread.NORM_PRIORITY - 1);
      return t;
    });
    this.writer = new DataWriter(this);
    this.reader = new DataReader(this);
    this.compactor = new Compactor(this, config.compactionDeleteRatio(), config.compactionIntervalMillis());
  }

  public Compactor compactor() {
    return compactor;
  }

  /** Enables bulk import from {@code source} (downloads go to {@code tempDir}). */
  public void enableImports(io.quiver.storage.object.ObjectStore source, java.nio.file.Path tempDir) {
    this.importer = new Importer(this, source, tempDir);
  }

  /** The bulk importer; fails when imports are not enabled. */
  public Importer importer() {
    Importer i = importer;
    if (i == null) {
      throw new QuiverException(ErrorCode.UNSUPPORTED, "bulk import is not enabled on this server");
    }
    return i;
  }

  public DataPlaneConfig config() {
    return config;
  }

  public TimestampOracle tso() {
    return tso;
  }

  FilterCompiler filters() {
    return filters;
  }

  Durability durability() {
    return durability;
  }

  public DataWriter writer() {
    return writer;
  }

  public DataReader reader() {
    return reader;
  }

  /** Creates the default database if the catalog has none (first start). */
  public void ensureDefaultDatabase() {
    synchronized (ddlLock) {
      if (!databases.containsKey(DatabaseInfo.DEFAULT)) {
        DatabaseInfo info = new DatabaseInfo(tso.next(), DatabaseInfo.DEFAULT, Map.of(), tso.current());
        persist(() -> durability.saveDatabase(info));
        databases.put(info.name(), new DatabaseState(info));
      }
    }
  }

  // ------------------------------------------------------------------ recovery

  /** Registers a database read from the catalog at start. */
  public void restoreDatabase(DatabaseInfo info, Map<String, String> aliases) {
    DatabaseState state = new DatabaseState(info);
    state.aliases.putAll(aliases);
    databases.put(info.name(), state);
    tso.observe(info.id());
  }

  /** Registers a collection read from the catalog at start; returns the engine collection. */
  public Collection restoreCollection(CollectionInfo info) {
    DatabaseState db = databases.get(info.database());
    if (db == null) {
      throw new IllegalStateException("catalog holds collection " + info.name() + " of unknown database " + info.database());
    }
    tso.observe(info.id());
    tso.observe(info.schemaTimestamp());
    Collection c = newCollection(info);
    db.collections.put(info.name(), c);
    return c;
  }

  private Collection newCollection(CollectionInfo info) {
    return new Collection(info, tso::next, config.maxSegmentRows(), indexPool, 1, null, new Collection.IndexBuildListener() {
      @Override
      public void indexBuilt(Collection collection, Segment segment, long fieldId, io.quiver.engine.index.VectorIndex index) {
        durability.indexBuilt(collection, segment, fieldId, index);
      }

      @Override
      public AutoCloseable pin(Collection collection, Segment segment) throws IOException {
        return durability.pin(collection, segment);
      }
    });
  }

  // ------------------------------------------------------------------ databases

  DatabaseState database(String name) {
    String db = name == null || name.isEmpty() ? DatabaseInfo.DEFAULT : name;
    DatabaseState state = databases.get(db);
    if (state == null) {
      throw new QuiverException(ErrorCode.DATABASE_NOT_FOUND, "database not found[database=" + db + "]");
    }
    return state;
  }

  public DatabaseInfo describeDatabase(String name) {
    return database(name).info;
  }

  public List<DatabaseInfo> listDatabases() {
    List<DatabaseInfo> out = new ArrayList<>();
    for (DatabaseState s : databases.values()) {
      out.add(s.info);
    }
    out.sort((a, b) -> Long.compare(a.createdTimestamp(), b.createdTimestamp()));
    return out;
  }

  public void createDatabase(String name, Map<String, String> properties) {
    Names.check("database name", name);
    synchronized (ddlLock) {
      if (databases.containsKey(name)) {
        throw new QuiverException(ErrorCode.DATABASE_ALREADY_EXISTS, "database already exist: " + name);
      }
      if (databases.size() >= MAX_DATABASES) {
        throw QuiverException.invalid("database number (%d) exceeds max configuration (%d)", databases.size(), MAX_DATABASES);
      }
      durability.checkEncryptionKey(name, properties);
      long ts = tso.next();
      DatabaseInfo info = new DatabaseInfo(ts, name, properties, ts);
      persist(() -> durability.saveDatabase(info));
      databases.put(name, new DatabaseState(info));
    }
  }

  public void dropDatabase(String name) {
    synchronized (ddlLock) {
      if (DatabaseInfo.DEFAULT.equals(name)) {
        throw QuiverException.invalid("can not drop default database");
      }
      DatabaseState db = databases.get(name);
      if (db == null) {
        return; // dropping an absent database succeeds, as in Milvus
      }
      if (!db.collections.isEmpty()) {
        throw QuiverException.invalid("database:%s not empty, must drop all collections before drop database", name);
      }
      persist(() -> durability.dropDatabase(db.info));
      databases.remove(name);
    }
  }

  public void alterDatabase(String name, Map<String, String> set, List<String> deleteKeys) {
    synchronized (ddlLock) {
      DatabaseState db = database(name);
      Map<String, String> next = new LinkedHashMap<>(db.info.properties());
      next.putAll(set);
      deleteKeys.forEach(next::remove);
      String key = io.quiver.storage.crypto.KeySelector.PROPERTY;
      if (!java.util.Objects.equals(next.get(key), db.info.properties().get(key))) {
        if (!db.collections.isEmpty()) {
          throw QuiverException.invalid("the encryption key of database %s (property %s) can only be set or changed while "
              + "the database holds no collections; rotate the key's versions instead", name, key);
        }
        durability.checkEncryptionKey(name, next);
      }
      DatabaseInfo info = db.info.withProperties(next);
      persist(() -> durability.saveDatabase(info));
      db.info = info;
    }
  }

  // ------------------------------------------------------------------ collections

  /** A collection by name or alias in {@code dbName}. */
  public Collection collection(String dbName, String name) {
    DatabaseState db = database(dbName);
    if (name == null || name.isEmpty()) {
      throw QuiverException.missing("collection name should not be empty");
    }
    Collection c = db.collections.get(name);
    if (c == null) {
      String target = db.aliases.get(name);
      if (target != null) {
        c = db.collections.get(target);
      }
    }
    if (c == null) {
      throw new QuiverException(ErrorCode.COLLECTION_NOT_FOUND,
          "collection not found[database=" + db.info.name() + "][collection=" + name + "]");
    }
    return c;
  }

  public boolean hasCollection(String dbName, String name) {
    DatabaseState db = database(dbName);
    return db.collections.containsKey(name) || (db.aliases.containsKey(name) && db.collections.containsKey(db.aliases.get(name)));
  }

  public List<Collection> listCollections(String dbName) {
    List<Collection> out = new ArrayList<>(database(dbName).collections.values());
    out.sort((a, b) -> Long.compare(a.info().createdTimestamp(), b.info().createdTimestamp()));
    return out;
  }

  /** Aliases of {@code collectionName} in {@code dbName}. */
  public List<String> aliasesOf(String dbName, String collectionName) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(database(dbName).aliases).entrySet()) {
      if (e.getValue().equals(collectionName)) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** What a client sends to create a collection. */
  public record CreateCollection(
      String database,
      String name,
      String description,
      List<FieldSchema> fields,
      boolean enableDynamicField,
      int shards,
      ConsistencyLevel consistencyLevel,
      Map<String, String> properties,
      int numPartitions) {}

  public CollectionInfo createCollection(CreateCollection req) {
    Names.check("collection name", req.name());
    int shards = req.shards() <= 0 ? 1 : req.shards();
    if (shards > MAX_SHARDS) {
      throw QuiverException.invalid("shards_num %d exceeds the maximum %d", shards, MAX_SHARDS);
    }
    ConsistencyLevel level = req.consistencyLevel() == null ? ConsistencyLevel.BOUNDED : req.consistencyLevel();
    CollectionSchema schema = SchemaBuilder.build(req.description(), req.fields(), req.enableDynamicField());
    checkProperties(req.properties());
    synchronized (ddlLock) {
      DatabaseState db = database(req.database());
      if (db.collections.containsKey(req.name()) || db.aliases.containsKey(req.name())) {
        throw new QuiverException(ErrorCode.COLLECTION_ALREADY_EXISTS,
            "collection already exists[database=" + db.info.name() + "][collection=" + req.name() + "]");
      }
      int total = 0;
      for (DatabaseState d : databases.values()) {
        total += d.collections.size();
      }
      if (total >= MAX_COLLECTIONS) {
        throw QuiverException.invalid("collection number exceeds the limit %d", MAX_COLLECTIONS);
      }
      long ts = tso.next();
      List<PartitionInfo> partitions = new ArrayList<>();
      if (schema.partitionKeyField() != null) {
        int n = req.numPartitions() <= 0 ? DEFAULT_PARTITION_KEY_PARTITIONS : req.numPartitions();
        if (n > MAX_PARTITIONS) {
          throw QuiverException.invalid("num_partitions %d exceeds the maximum %d", n, MAX_PARTITIONS);
        }
        for (int i = 0; i < n; i++) {
          partitions.add(new PartitionInfo(tso.next(), PartitionInfo.DEFAULT_NAME + "_" + i, ts));
        }
      } else {
        if (req.numPartitions() > 0) {
          throw QuiverException.invalid("num_partitions should only be specified with a partition key field");
        }
        partitions.add(new PartitionInfo(tso.next(), PartitionInfo.DEFAULT_NAME, ts));
      }
      CollectionInfo info = new CollectionInfo(ts, db.info.name(), req.name(), schema, shards, level,
          req.properties(), partitions, List.of(), ts, ts, req.description());
      persist(() -> durability.saveCollection(info, false));
      db.collections.put(req.name(), newCollection(info));
      return info;
    }
  }

  private static void checkProperties(Map<String, String> properties) {
    String ttl = properties.get("collection.ttl.seconds");
    if (ttl != null) {
      try {
        if (Long.parseLong(ttl.trim()) < 0) {
          throw QuiverException.invalid("collection.ttl.seconds must be >= 0, got %s", ttl);
        }
      } catch (NumberFormatException e) {
        throw QuiverException.invalid("collection.ttl.seconds must be an integer, got '%s'", ttl);
      }
    }
    String mmap = properties.get("mmap.enabled");
    if (mmap != null && !mmap.equalsIgnoreCase("true") && !mmap.equalsIgnoreCase("false")) {
      throw QuiverException.invalid("mmap.enabled must be true or false, got '%s'", mmap);
    }
  }

  public void dropCollection(String dbName, String name) {
    synchronized (ddlLock) {
      DatabaseState db = database(dbName);
      Collection c = db.collections.get(name);
      if (c == null) {
        if (db.aliases.containsKey(name)) {
          throw QuiverException.invalid("cannot drop the collection via alias = %s", name);
        }
        return; // absent: success, as in Milvus
      }
      List<String> aliases = aliasesOf(dbName, name);
      if (!aliases.isEmpty()) {
        throw QuiverException.invalid(
            "unable to drop the collection [%s] because it has associated aliases %s, please remove all aliases before dropping the collection",
            name, aliases);
      }
      persist(() -> durability.dropCollection(c.info()));
      db.collections.remove(name);
      c.close();
    }
  }

  public void renameCollection(String dbName, String oldName, String newDbName, String newName) {
    Names.check("collection name", newName);
    synchronized (ddlLock) {
      DatabaseState from = database(dbName);
      DatabaseState to = database(newDbName == null || newDbName.isEmpty() ? from.info.name() : newDbName);
      Collection c = from.collections.get(oldName);
      if (c == null) {
        throw new QuiverException(ErrorCode.COLLECTION_NOT_FOUND,
            "collection not found[database=" + from.info.name() + "][collection=" + oldName + "]");
      }
      if (to.collections.containsKey(newName) || to.aliases.containsKey(newName)) {
        throw QuiverException.invalid("duplicated new collection name %s in database %s", newName, to.info.name());
      }
      if (!aliasesOf(from.info.name(), oldName).isEmpty()) {
        throw QuiverException.invalid("collection %s has aliases; drop them before renaming", oldName);
      }
      String key = io.quiver.storage.crypto.KeySelector.PROPERTY;
      if (from != to && !java.util.Objects.equals(from.info.properties().get(key), to.info.properties().get(key))) {
        throw QuiverException.invalid("collection %s cannot move from database %s to %s: they use different encryption keys "
            + "(property %s)", oldName, from.info.name(), to.info.name(), key);
      }
      if (from != to && from.info.properties().containsKey(key)) {
        throw QuiverException.invalid("collection %s cannot move out of database %s: its data is encrypted for that "
            + "database", oldName, from.info.name());
      }
      CollectionInfo next = c.info().withName(to.info.name(), newName);
      persist(() -> durability.saveCollection(next, c.isLoaded()));
      c.updateInfo(next);
      from.collections.remove(oldName);
      to.collections.put(newName, c);
    }
  }

  public void alterCollection(String dbName, String name, Map<String, String> set, List<String> deleteKeys) {
    checkProperties(set);
    synchronized (ddlLock) {
      Collection c = collection(dbName, name);
      Map<String, String> props = new LinkedHashMap<>(c.info().properties());
      props.putAll(set);
      deleteKeys.forEach(props::remove);
      CollectionInfo next = c.info().withProperties(props);
      String level = set.get("collection.consistency.level");
      if (level != null) {
        ConsistencyLevel parsed = parseConsistency(level);
        next = next.withConsistencyLevel(parsed);
      }
      CollectionInfo fin = next;
      persist(() -> durability.saveCollection(fin, c.isLoaded()));
      c.updateInfo(fin);
    }
  }

  static ConsistencyLevel parseConsistency(String level) {
    for (ConsistencyLevel l : ConsistencyLevel.values()) {
      if (l.milvusName().equalsIgnoreCase(level.trim()) || String.valueOf(l.code()).equals(level.trim())) {
        return l;
      }
    }
    throw QuiverException.invalid("invalid consistency level %s", level);
  }

  /** AlterCollectionField: only max_length of VarChar fields and mmap.enabled may change. */
  public void alterCollectionField(String dbName, String name, String fieldName, Map<String, String> set, List<String> deleteKeys) {
    synchronized (ddlLock) {
      Collection c = collection(dbName, name);
      CollectionSchema schema = c.info().schema();
      FieldSchema f = schema.field(fieldName);
      if (f == null || f.dynamic()) {
        throw QuiverException.invalid("field %s does not exist in collection %s", fieldName, name);
      }
      Map<String, String> params = new LinkedHashMap<>(f.typeParams());
      int maxLength = f.maxLength();
      for (Map.Entry<String, String> e : set.entrySet()) {
        switch (e.getKey()) {
          case "max_length" -> {
            if (f.type() != DataType.VARCHAR && !(f.type() == DataType.ARRAY && f.elementType() == DataType.VARCHAR)) {
              throw QuiverException.invalid("field %s: max_length can only be altered on VarChar fields", fieldName);
            }
            int next;
            try {
              next = Integer.parseInt(e.getValue().trim());
            } catch (NumberFormatException ex) {
              throw QuiverException.invalid("field %s: max_length must be an integer, got '%s'", fieldName, e.getValue());
            }
            if (next < maxLength || next > SchemaBuilder.MAX_VARCHAR_LENGTH) {
              throw QuiverException.invalid("field %s: max_length can only grow, up to %d (now %d, asked %d)", fieldName,
                  SchemaBuilder.MAX_VARCHAR_LENGTH, maxLength, next);
            }
            maxLength = next;
            params.put("max_length", String.valueOf(next));
          }
          case "mmap.enabled" -> params.put("mmap.enabled", e.getValue());
          default -> throw QuiverException.invalid("field %s: property %s cannot be altered", fieldName, e.getKey());
        }
      }
      for (String k : deleteKeys) {
        if (!k.equals("mmap.enabled")) {
          throw QuiverException.invalid("field %s: property %s cannot be deleted", fieldName, k);
        }
        params.remove(k);
      }
      FieldSchema altered = new FieldSchema(f.id(), f.name(), f.description(), f.type(), f.elementType(), f.primaryKey(),
          f.autoId(), f.nullable(), f.defaultValue(), f.partitionKey(), f.clusteringKey(), f.dynamic(), f.dim(), maxLength,
          f.maxCapacity(), params);
      List<FieldSchema> fields = new ArrayList<>();
      for (FieldSchema x : schema.fields()) {
        fields.add(x.id() == f.id() ? altered : x);
      }
      CollectionSchema nextSchema = new CollectionSchema(schema.description(), fields, schema.enableDynamicField());
      CollectionInfo next = c.info().withSchema(nextSchema, tso.next());
      persist(() -> durability.saveCollection(next, c.isLoaded()));
      c.updateInfo(next);
    }
  }

  public void addCollectionField(String dbName, String name, FieldSchema field) {
    synchronized (ddlLock) {
      Collection c = collection(dbName, name);
      CollectionSchema nextSchema = SchemaBuilder.addField(c.info().schema(), field);
      CollectionInfo next = c.info().withSchema(nextSchema, tso.next());
      persist(() -> durability.saveCollection(next, c.isLoaded()));
      c.updateInfo(next);
    }
  }

  // ------------------------------------------------------------------ partitions

  public void createPartition(String dbName, String collectionName, String partitionName) {
    Names.check("partition name", partitionName);
    synchronized (ddlLock) {
      Collection c = collection(dbName, collectionName);
      CollectionInfo info = c.info();
      if (info.schema().partitionKeyField() != null) {
        throw QuiverException.invalid("disable create partition if partition key mode is used");
      }
      if (info.partition(partitionName) != null) {
        throw QuiverException.invalid("partition already exists: %s", partitionName);
      }
      if (info.partitions().size() >= MAX_PARTITIONS) {
        throw QuiverException.invalid("partition number (%d) exceeds max configuration (%d), collection: %s",
            info.partitions().size(), MAX_PARTITIONS, collectionName);
      }
      long ts = tso.next();
      PartitionInfo partition = new PartitionInfo(ts, partitionName, ts);
      CollectionInfo next = info.withPartition(partition);
      persist(() -> durability.saveCollection(next, c.isLoaded()));
      c.updateInfo(next);
      if (c.isLoaded()) {
        // As in Milvus, a partition created in a loaded collection is loaded with it.
        c.markPartitionsLoaded(Set.of(partition.id()), c.replicaNumber(), c.resourceGroups());
      }
    }
  }

  public void dropPartition(String dbName, String collectionName, String partitionName) {
    synchronized (ddlLock) {
      Collection c = collection(dbName, collectionName);
      CollectionInfo info = c.info();
      if (info.schema().partitionKeyField() != null) {
        throw QuiverException.invalid("disable drop partition if partition key mode is used");
      }
      if (PartitionInfo.DEFAULT_NAME.equals(partitionName)) {
        throw QuiverException.invalid("default partition cannot be deleted");
      }
      PartitionInfo p = info.partition(partitionName);
      if (p == null) {
        return;
      }
      if (c.isPartitionLoaded(p.id())) {
        throw QuiverException.invalid("partition %s cannot be dropped, partition is loaded, please release it first",
            partitionName);
      }
      List<PartitionInfo> rest = new ArrayList<>(info.partitions());
      rest.remove(p);
      CollectionInfo next = info.withPartitions(rest);
      persist(() -> durability.saveCollection(next, c.isLoaded()));
      c.updateInfo(next);
      for (Shard s : c.shards()) {
        s.dropPartition(p.id());
      }
    }
  }

  /** The partition named {@code partitionName}, or a PARTITION_NOT_FOUND error. */
  public PartitionInfo partition(Collection c, String partitionName) {
    PartitionInfo p = c.info().partition(partitionName);
    if (p == null) {
      throw new QuiverException(ErrorCode.PARTITION_NOT_FOUND,
          "partition not found[partition=" + partitionName + "][collection=" + c.info().name() + "]");
    }
    return p;
  }

  // ------------------------------------------------------------------ aliases

  public void createAlias(String dbName, String collectionName, String alias) {
    Names.check("alias", alias);
    synchronized (ddlLock) {
      DatabaseState db = database(dbName);
      if (!db.collections.containsKey(collectionName)) {
        if (db.aliases.containsKey(collectionName)) {
          throw QuiverException.invalid("cannot create an alias on alias %s", collectionName);
        }
        throw new QuiverException(ErrorCode.COLLECTION_NOT_FOUND,
            "collection not found[database=" + db.info.name() + "][collection=" + collectionName + "]");
      }
      if (db.collections.containsKey(alias)) {
        throw QuiverException.invalid("alias %s is the name of a collection", alias);
      }
      String existing = db.aliases.get(alias);
      if (existing != null) {
        if (existing.equals(collectionName)) {
          return;
        }
        throw QuiverException.invalid("alias %s already exists for collection %s", alias, existing);
      }
      Map<String, String> next = new LinkedHashMap<>(db.aliases);
      next.put(alias, collectionName);
      persist(() -> durability.saveAliases(db.info.name(), next));
      db.aliases.put(alias, collectionName);
    }
  }

  public void alterAlias(String dbName, String collectionName, String alias) {
    synchronized (ddlLock) {
      DatabaseState db = database(dbName);
      if (!db.aliases.containsKey(alias)) {
        throw new QuiverException(ErrorCode.ALIAS_NOT_FOUND, "alias not found[database=" + db.info.name() + "][alias=" + alias + "]");
      }
      if (!db.collections.containsKey(collectionName)) {
        throw new QuiverException(ErrorCode.COLLECTION_NOT_FOUND,
            "collection not found[database=" + db.info.name() + "][collection=" + collectionName + "]");
      }
      Map<String, String> next = new LinkedHashMap<>(db.aliases);
      next.put(alias, collectionName);
      persist(() -> durability.saveAliases(db.info.name(), next));
      db.aliases.put(alias, collectionName);
    }
  }

  public void dropAlias(String dbName, String alias) {
    synchronized (ddlLock) {
      DatabaseState db = database(dbName);
      if (!db.aliases.containsKey(alias)) {
        return;
      }
      Map<String, String> next = new LinkedHashMap<>(db.aliases);
      next.remove(alias);
      persist(() -> durability.saveAliases(db.info.name(), next));
      db.aliases.remove(alias);
    }
  }

  /** The collection an alias points to. */
  public String describeAlias(String dbName, String alias) {
    DatabaseState db = database(dbName);
    String target = db.aliases.get(alias);
    if (target == null) {
      throw new QuiverException(ErrorCode.ALIAS_NOT_FOUND, "alias not found[database=" + db.info.name() + "][alias=" + alias + "]");
    }
    return target;
  }

  /** Aliases in {@code dbName}, optionally only those of {@code collectionName}. */
  public List<String> listAliases(String dbName, String collectionName) {
    DatabaseState db = database(dbName);
    if (collectionName == null || collectionName.isEmpty()) {
      return new ArrayList<>(new TreeMap<>(db.aliases).keySet());
    }
    Collection c = collection(dbName, collectionName);
    return aliasesOf(dbName, c.info().name());
  }

  // ------------------------------------------------------------------ indexes

  /** What a client sends to create an index. */
  public record CreateIndex(String database, String collection, String fieldName, String indexName,
      Map<String, String> params) {}

  public void createIndex(CreateIndex req) {
    synchronized (ddlLock) {
      Collection c = collection(req.database(), req.collection());
      CollectionInfo info = c.info();
      FieldSchema field = info.schema().field(req.fieldName());
      if (field == null || field.dynamic()) {
        throw QuiverException.invalid("cannot create index on non-existed field: %s", req.fieldName());
      }
      Map<String, String> params = new LinkedHashMap<>(req.params());
      String type = params.remove("index_type");
      String metric = params.remove("metric_type");
      String name = req.indexName() == null || req.indexName().isEmpty() ? field.name() : req.indexName();
      Names.check("index name", name);
      String indexType;
      String metricName;
      if (field.type().isVector()) {
        indexType = type == null || type.isBlank() ? IndexRegistry.AUTOINDEX : type.trim().toUpperCase(Locale.ROOT);
        MetricType m = metric == null || metric.isBlank() ? MetricType.COSINE : MetricType.parse(metric);
        if (m == null) {
          throw QuiverException.invalid("metric type %s is not supported for float vector field %s: use L2, IP or COSINE",
              metric, field.name());
        }
        metricName = m.name();
        IndexRegistry.factory(indexType).validate(IndexParams.of(params), m, field.dim());
      } else {
        indexType = type == null || type.isBlank() ? "INVERTED" : type.trim().toUpperCase(Locale.ROOT);
        checkScalarIndex(field, indexType);
        metricName = "";
      }
      IndexSpec existing = info.indexOnField(field.id());
      if (existing != null) {
        boolean same = existing.name().equals(name) && existing.indexType().equals(indexType)
            && existing.metricType().equals(metricName) && existing.params().equals(params);
        if (same) {
          return; // idempotent, as in Milvus
        }
        throw QuiverException.invalid("at most one distinct index is allowed per field: field %s already has index %s (%s)",
            field.name(), existing.name(), existing.indexType());
      }
      if (info.indexNamed(name) != null) {
        throw QuiverException.invalid("index name %s is already used on field %s", name,
            info.schema().fieldById(info.indexNamed(name).fieldId()).name());
      }
      List<IndexSpec> indexes = new ArrayList<>(info.indexes());
      indexes.add(new IndexSpec(tso.next(), name, field.id(), indexType, metricName, params, tso.current()));
      CollectionInfo next = info.withIndexes(indexes);
      persist(() -> durability.saveCollection(next, c.isLoaded()));
      c.updateInfo(next);
    }
  }

  private static void checkScalarIndex(FieldSchema field, String indexType) {
    Set<String> allowed = switch (field.type()) {
      case VARCHAR -> Set.of("INVERTED", "TRIE", "MARISA-TRIE", "BITMAP", "AUTOINDEX", "STL_SORT");
      case BOOL -> Set.of("INVERTED", "BITMAP", "AUTOINDEX");
      case INT8, INT16, INT32, INT64 -> Set.of("INVERTED", "STL_SORT", "BITMAP", "AUTOINDEX");
      case FLOAT, DOUBLE -> Set.of("INVERTED", "STL_SORT", "AUTOINDEX");
      case ARRAY -> Set.of("INVERTED", "BITMAP", "AUTOINDEX");
      case JSON -> Set.of("INVERTED", "AUTOINDEX");
      default -> Set.of();
    };
    if (!allowed.contains(indexType)) {
      throw QuiverException.invalid("index type %s is not supported on %s field %s (supported: %s)", indexType,
          field.type().milvusName(), field.name(), new TreeMap<>(toMap(allowed)).keySet());
    }
  }

  private static Map<String, Boolean> toMap(Set<String> s) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    s.forEach(x -> m.put(x, true));
    return m;
  }

  /** The indexes matching a field name and/or index name (empty strings match all). */
  public List<IndexSpec> describeIndexes(String dbName, String collectionName, String fieldName, String indexName) {
    Collection c = collection(dbName, collectionName);
    List<IndexSpec> out = new ArrayList<>();
    for (IndexSpec spec : c.info().indexes()) {
      String specField = c.info().schema().fieldById(spec.fieldId()).name();
      boolean fieldOk = fieldName == null || fieldName.isEmpty() || specField.equals(fieldName);
      boolean nameOk = indexName == null || indexName.isEmpty() || spec.name().equals(indexName);
      if (fieldOk && nameOk) {
        out.add(spec);
      }
    }
    if (out.isEmpty()) {
      throw new QuiverException(ErrorCode.INDEX_NOT_FOUND, "index not found[collection=" + c.info().name() + "]"
          + (indexName == null || indexName.isEmpty() ? "" : "[index=" + indexName + "]")
          + (fieldName == null || fieldName.isEmpty() ? "" : "[field=" + fieldName + "]"));
    }
    return out;
  }

  public void dropIndex(String dbName, String collectionName, String fieldName, String indexName) {
    synchronized (ddlLock) {
      Collection c = collection(dbName, collectionName);
      List<IndexSpec> matching;
      try {
        matching = describeIndexes(dbName, collectionName, fieldName, indexName);
      } catch (QuiverException e) {
        if (e.code() == ErrorCode.INDEX_NOT_FOUND) {
          return; // dropping an absent index succeeds
        }
        throw e;
      }
      if (matching.size() > 1) {
        throw QuiverException.invalid("there are multiple indexes, please specify the index_name");
      }
      IndexSpec spec = matching.get(0);
      FieldSchema f = c.info().schema().fieldById(spec.fieldId());
      if (c.isLoaded() && f.type().isVector()) {
        throw QuiverException.invalid("index cannot be dropped, collection is loaded, please release it first");
      }
      List<IndexSpec> rest = new ArrayList<>(c.info().indexes());
      rest.remove(spec);
      CollectionInfo next = c.info().withIndexes(rest);
      persist(() -> durability.saveCollection(next, c.isLoaded()));
      c.updateInfo(next);
    }
  }

  /** AlterIndex: sets or deletes extra parameters (mmap.enabled) of an index. */
  public void alterIndex(String dbName, String collectionName, String indexName, Map<String, String> set, List<String> deleteKeys) {
    synchronized (ddlLock) {
      Collection c = collection(dbName, collectionName);
      IndexSpec spec = c.info().indexNamed(indexName);
      if (spec == null) {
        throw new QuiverException(ErrorCode.INDEX_NOT_FOUND, "index not found[collection=" + collectionName + "][index=" + indexName + "]");
      }
      for (String k : set.keySet()) {
        if (!k.equals("mmap.enabled")) {
          throw QuiverException.invalid("index property %s cannot be altered; only mmap.enabled can", k);
        }
      }
      Map<String, String> params = new LinkedHashMap<>(spec.params());
      params.putAll(set);
      deleteKeys.forEach(params::remove);
      IndexSpec altered = new IndexSpec(spec.id(), spec.name(), spec.fieldId(), spec.indexType(), spec.metricType(), params,
          spec.createdTimestamp());
      List<IndexSpec> indexes = new ArrayList<>();
      for (IndexSpec s : c.info().indexes()) {
        indexes.add(s.id() == spec.id() ? altered : s);
      }
      CollectionInfo next = c.info().withIndexes(indexes);
      persist(() -> durability.saveCollection(next, c.isLoaded()));
      // mmap.enabled does not change how the index is built: keep the built instances.
      c.updateInfo(next);
    }
  }

  // ------------------------------------------------------------------ load / release

  public void loadCollection(String dbName, String collectionName, int replicas, List<String> resourceGroups) {
    synchronized (ddlLock) {
      Collection c = collection(dbName, collectionName);
      checkLoadable(c, replicas, resourceGroups);
      if (c.isLoaded() && c.loadedPartitions().size() == c.info().partitions().size()) {
        return;
      }
      loadData(c, null);
      persist(() -> durability.saveCollection(c.info(), true));
      c.markLoaded(Math.max(1, replicas), resourceGroups);
    }
  }

  public void loadPartitions(String dbName, String collectionName, List<String> partitionNames, int replicas,
      List<String> resourceGroups) {
    synchronized (ddlLock) {
      Collection c = collection(dbName, collectionName);
      checkLoadable(c, replicas, resourceGroups);
      if (partitionNames.isEmpty()) {
        throw QuiverException.missing("partition names should not be empty");
      }
      Set<Long> ids = new HashSet<>();
      for (String p : partitionNames) {
        ids.add(partition(c, p).id());
      }
      loadData(c, ids);
      persist(() -> durability.saveCollection(c.info(), true));
      c.markPartitionsLoaded(ids, Math.max(1, replicas), resourceGroups);
    }
  }

  private void checkLoadable(Collection c, int replicas, List<String> resourceGroups) {
    if (replicas > 1) {
      throw QuiverException.invalid(
          "replica_number %d exceeds the number of query nodes (1) of this standalone server", replicas);
    }
    for (String rg : resourceGroups) {
      if (!rg.equals("__default_resource_group")) {
        throw QuiverException.invalid("resource group %s does not exist", rg);
      }
    }
    for (FieldSchema f : c.info().schema().vectorFields()) {
      if (c.info().indexOnField(f.id()) == null) {
        throw new QuiverException(ErrorCode.INDEX_NOT_FOUND, "there is no vector index on field: [" + f.name()
            + "], please create index firstly: collection=" + c.info().name());
      }
    }
  }

  public void releaseCollection(String dbName, String collectionName) {
    synchronized (ddlLock) {
      Collection c = collection(dbName, collectionName);
      if (c.loadState() == LoadState.NOT_LOAD) {
        return;
      }
      persist(() -> durability.saveCollection(c.info(), false));
      c.markReleased();
      releaseData(c, null);
    }
  }

  /** Brings the collection's (or partitions') stored segments into memory before they are marked loaded. */
  private void loadData(Collection c, Set<Long> partitionIds) {
    durability().checkDataAccess(c);
    try {
      durability.loadData(c, partitionIds);
    } catch (IOException | UncheckedIOException e) {
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "collection " + c.info().name()
          + " could not be loaded: its segments could not be read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Frees the memory of released segments. The release itself (the catalog's load state) is done
   * already: a failure here only leaves memory in use, so it is logged rather than returned.
   */
  private void releaseData(Collection c, Set<Long> partitionIds) {
    try {
      durability.releaseData(c, partitionIds);
    } catch (IOException | RuntimeException e) {
      LOG.warn("collection {} is released but its memory could not all be freed: {}", c.info().name(), e.toString());
    }
  }

  public void releasePartitions(String dbName, String collectionName, List<String> partitionNames) {
    synchronized (ddlLock) {
      Collection c = collection(dbName, collectionName);
      Set<Long> ids = new HashSet<>();
      for (String p : partitionNames) {
        ids.add(partition(c, p).id());
      }
      c.markPartitionsReleased(ids);
      persist(() -> durability.saveCollection(c.info(), c.isLoaded()));
      releaseData(c, ids);
    }
  }

  // ------------------------------------------------------------------ flush

  /**
   * Seals the growing segments of {@code c} (so they get indexed) and writes them to segment
   * files; returns the segments it sealed.
   */
  public List<Segment> flush(Collection c) {
    try {
      return durability.checkpoint(c);
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "flush of collection " + c.info().name() + " failed: "
          + e.getMessage(), e);
    }
  }

  /** Every collection of every database. */
  public List<Collection> allCollections() {
    List<Collection> out = new ArrayList<>();
    for (DatabaseState db : databases.values()) {
      out.addAll(db.collections.values());
    }
    return out;
  }

  // ------------------------------------------------------------------ helpers

  /** A catalog write that must succeed before the in-memory change is made. */
  @FunctionalInterface
  interface CatalogWrite {
    void run() throws IOException;
  }

  static void persist(CatalogWrite write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "the catalog could not be written: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new QuiverException(ErrorCode.STORAGE_UNAVAILABLE, "the catalog could not be written: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    compactor.close();
    if (importer != null) {
      importer.close();
    }
    indexPool.shutdownNow();
    try {
      indexPool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (DatabaseState db : databases.values()) {
      for (Collection c : db.collections.values()) {
        c.close();
      }
    }
  }
}
