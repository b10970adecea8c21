package io.quiver.server.runtime.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.engine.collection.CollectionInfo;
import io.quiver.engine.collection.ConsistencyLevel;
import io.quiver.engine.collection.IndexSpec;
import io.quiver.engine.collection.PartitionInfo;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.server.runtime.DatabaseInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON encoding of catalog records (databases, collections with schemas, aliases, segment
 * manifests). Field names are part of the on-disk format: add, never rename.
 */
public final class CatalogCodec {

  static final ObjectMapper JSON = new ObjectMapper();

  private CatalogCodec() {}

  // ---- databases and aliases

  public static byte[] database(DatabaseInfo d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", d.id());
    n.put("name", d.name());
    n.set("properties", map(d.properties()));
    n.put("createdTs", d.createdTimestamp());
    return bytes(n);
  }

  public static DatabaseInfo database(byte[] data) {
    JsonNode n = tree(data);
    return new DatabaseInfo(n.get("id").asLong(), n.get("name").asText(), map(n.get("properties")),
        n.get("createdTs").asLong());
  }

  public static byte[] aliases(Map<String, String> aliases) {
    return bytes(map(aliases));
  }

  public static Map<String, String> aliases(byte[] data) {
    return map(tree(data));
  }

  // ---- collections

  /** A collection record and whether it is loaded. */
  public record StoredCollection(CollectionInfo info, boolean loaded) {}

  public static byte[] collection(CollectionInfo c, boolean loaded) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", c.id());
    n.put("database", c.database());
    n.put("name", c.name());
    n.put("description", c.description());
    n.put("shards", c.shards());
    n.put("consistency", c.consistencyLevel().name());
    n.set("properties", map(c.properties()));
    n.put("createdTs", c.createdTimestamp());
    n.put("schemaTs", c.schemaTimestamp());
    n.put("loaded", loaded);
    n.set("schema", schema(c.schema()));
    ArrayNode parts = n.putArray("partitions");
    for (PartitionInfo p : c.partitions()) {
      ObjectNode pn = parts.addObject();
      pn.put("id", p.id());
      pn.put("name", p.name());
      pn.put("createdTs", p.createdTimestamp());
    }
    ArrayNode idx = n.putArray("indexes");
    for (IndexSpec i : c.indexes()) {
      ObjectNode in = idx.addObject();
      in.put("id", i.id());
      in.put("name", i.name());
      in.put("fieldId", i.fieldId());
      in.put("type", i.indexType());
      in.put("metric", i.metricType());
      in.set("params", map(i.params()));
      in.put("createdTs", i.createdTimestamp());
    }
    return bytes(n);
  }

  public static StoredCollection collection(byte[] data) {
    JsonNode n = tree(data);
    List<PartitionInfo> partitions = new ArrayList<>();
    for (JsonNode p : n.get("partitions")) {
      partitions.add(new PartitionInfo(p.get("id").asLong(), p.get("name").asText(), p.get("createdTs").asLong()));
    }
    List<IndexSpec> indexes = new ArrayList<>();
    for (JsonNode i : n.get("indexes")) {
      indexes.add(new IndexSpec(i.get("id").asLong(), i.get("name").asText(), i.get("fieldId").asLong(),
          i.get("type").asText(), i.get("metric").asText(), map(i.get("params")), i.get("createdTs").asLong()));
    }
    CollectionInfo info = new CollectionInfo(n.get("id").asLong(), n.get("database").asText(), n.get("name").asText(),
        schema(n.get("schema")), n.get("shards").asInt(), ConsistencyLevel.valueOf(n.get("consistency").asText()),
        map(n.get("properties")), partitions, indexes, n.get("createdTs").asLong(), n.get("schemaTs").asLong(),
        n.get("description").asText());
    return new StoredCollection(info, n.get("loaded").asBoolean());
  }

  static ObjectNode schema(CollectionSchema s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("description", s.description());
    n.put("enableDynamicField", s.enableDynamicField());
    ArrayNode fields = n.putArray("fields");
    for (FieldSchema f : s.fields()) {
      ObjectNode fn = fields.addObject();
      fn.put("id", f.id());
      fn.put("name", f.name());
      fn.put("description", f.description());
      fn.put("type", f.type().name());
      fn.put("elementType", f.elementType().name());
      fn.put("primaryKey", f.primaryKey());
      fn.put("autoId", f.autoId());
      fn.put("nullable", f.nullable());
      fn.put("partitionKey", f.partitionKey());
      fn.put("clusteringKey", f.clusteringKey());
      fn.put("dynamic", f.dynamic());
      fn.put("dim", f.dim());
      fn.put("maxLength", f.maxLength());
      fn.put("maxCapacity", f.maxCapacity());
      fn.set("typeParams", map(f.typeParams()));
      if (f.hasDefault()) {
        Object v = f.defaultValue();
        fn.set("default", v instanceof JsonNode j ? j : JSON.valueToTree(v));
      }
    }
    return n;
  }

  static CollectionSchema schema(JsonNode n) {
    List<FieldSchema> fields = new ArrayList<>();
    for (JsonNode f : n.get("fields")) {
      DataType type = DataType.valueOf(f.get("type").asText());
      Object def = f.has("default") ? defaultValue(type, f.get("default")) : null;
      fields.add(new FieldSchema(f.get("id").asLong(), f.get("name").asText(), f.get("description").asText(), type,
          DataType.valueOf(f.get("elementType").asText()), f.get("primaryKey").asBoolean(), f.get("autoId").asBoolean(),
          f.get("nullable").asBoolean(), def, f.get("partitionKey").asBoolean(), f.get("clusteringKey").asBoolean(),
          f.get("dynamic").asBoolean(), f.get("dim").asInt(), f.get("maxLength").asInt(), f.get("maxCapacity").asInt(),
          map(f.get("typeParams"))));
    }
    return new CollectionSchema(n.get("description").asText(), fields, n.get("enableDynamicField").asBoolean());
  }

  private static Object defaultValue(DataType type, JsonNode v) {
    return switch (type) {
      case BOOL -> v.asBoolean();
      case INT8, INT16, INT32 -> v.asInt();
      case INT64 -> v.asLong();
      case FLOAT -> (float) v.asDouble();
      case DOUBLE -> v.asDouble();
      case VARCHAR -> v.asText();
      case JSON -> v;
      default -> throw new IllegalStateException("catalog holds a default value for a " + type + " field");
    };
  }

  // ---- segments

  /**
   * A sealed segment as recorded in the catalog.
   *
   * @param id segment id
   * @param partitionId partition
   * @param shard shard
   * @param rows rows in the data file
   * @param deletedCount deleted rows recorded in {@code deletesFile}
   * @param deletesFile name of the current delete log in the segment directory, or null
   * @param indexFiles index file names in the segment directory, by field id
   * @param keyStats range of the clustering / partition key, or null (unknown; manifests written
   *     before it was recorded have none)
   */
  public record SegmentManifest(long id, long partitionId, int shard, int rows, int deletedCount, String deletesFile,
      Map<Long, String> indexFiles, io.quiver.engine.segment.KeyStats keyStats) {

    public SegmentManifest {
      indexFiles = Map.copyOf(indexFiles);
    }

    public SegmentManifest(long id, long partitionId, int shard, int rows, int deletedCount, String deletesFile,
        Map<Long, String> indexFiles) {
      this(id, partitionId, shard, rows, deletedCount, deletesFile, indexFiles, null);
    }

    SegmentManifest withDeletes(int count, String file) {
      return new SegmentManifest(id, partitionId, shard, rows, count, file, indexFiles, keyStats);
    }

    SegmentManifest withIndex(long fieldId, String file) {
      Map<Long, String> next = new LinkedHashMap<>(indexFiles);
      next.put(fieldId, file);
      return new SegmentManifest(id, partitionId, shard, rows, deletedCount, deletesFile, next, keyStats);
    }

    SegmentManifest withKeyStats(io.quiver.engine.segment.KeyStats stats) {
      return new SegmentManifest(id, partitionId, shard, rows, deletedCount, deletesFile, indexFiles, stats);
    }
  }

  public static byte[] segment(SegmentManifest m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", m.id());
    n.put("partition", m.partitionId());
    n.put("shard", m.shard());
    n.put("rows", m.rows());
    n.put("deletedCount", m.deletedCount());
    if (m.deletesFile() != null) {
      n.put("deletes", m.deletesFile());
    }
    ObjectNode idx = n.putObject("indexes");
    m.indexFiles().forEach((k, v) -> idx.put(Long.toString(k), v));
    if (m.keyStats() != null) {
      ObjectNode k = n.putObject("key");
      k.put("field", m.keyStats().fieldId());
      putKey(k, "min", m.keyStats().min());
      putKey(k, "max", m.keyStats().max());
    }
    return bytes(n);
  }

  /** A key bound with its type: {"long": 5}, {"double": 2.5} or {"string": "a"}; absent for null. */
  private static void putKey(ObjectNode parent, String name, Object v) {
    if (v == null) {
      return;
    }
    ObjectNode o = parent.putObject(name);
    switch (v) {
      case Long l -> o.put("long", l);
      case Double d -> o.put("double", d);
      case String str -> o.put("string", str);
      default -> throw new IllegalArgumentException("key value of type " + v.getClass().getSimpleName());
    }
  }

  private static Object key(JsonNode o) {
    if (o == null || o.isNull()) {
      return null;
    }
    if (o.has("long")) {
      return o.get("long").asLong();
    }
    if (o.has("double")) {
      return o.get("double").asDouble();
    }
    return o.has("string") ? o.get("string").asText() : null;
  }

  public static SegmentManifest segment(byte[] data) {
    JsonNode n = tree(data);
    Map<Long, String> indexes = new LinkedHashMap<>();
    n.get("indexes").fields().forEachRemaining(e -> indexes.put(Long.parseLong(e.getKey()), e.getValue().asText()));
    return new SegmentManifest(n.get("id").asLong(), n.get("partition").asLong(), n.get("shard").asInt(),
        n.get("rows").asInt(), n.get("deletedCount").asInt(), n.has("deletes") ? n.get("deletes").asText() : null, indexes,
        n.has("key") ? new io.quiver.engine.segment.KeyStats(n.get("key").get("field").asLong(), key(n.get("key").get("min")),
            key(n.get("key").get("max"))) : null);
  }

  // ---- helpers

  private static ObjectNode map(Map<String, String> m) {
    ObjectNode n = JSON.createObjectNode();
    m.forEach(n::put);
    return n;
  }

  private static Map<String, String> map(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n != null) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(byte[] data) {
    try {
      return JSON.readTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt catalog record", e);
    }
  }
}
