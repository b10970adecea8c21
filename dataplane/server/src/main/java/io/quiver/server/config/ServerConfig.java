package io.quiver.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The data-plane server's configuration, typed and validated once at start. Values come from
 * the defaults, then a properties file ({@code --config}), then command-line flags; an unknown
 * key or a bad value stops the process with a message naming the key.
 *
 * @param host address to listen on
 * @param port gRPC port
 * @param maxRequestBytes largest request accepted, in bytes
 * @param dataDir directory holding the write-ahead logs, segments and catalog
 * @param maxSegmentRows rows at which a growing segment is sealed and indexed
 * @param indexBuildThreads background index-build threads
 * @param walFsync whether the write-ahead log fsyncs before acknowledging writes
 * @param walFileBytes size at which a write-ahead log file is rolled
 * @param checkpointWalBytes log size of a shard above which a checkpoint writes segments and truncates the log
 * @param maxTopK largest search limit (topk) and query window
 * @param maxQueryResultRows largest row count a query without a limit may return
 */
public record ServerConfig(
    String host,
    int port,
    long maxRequestBytes,
    Path dataDir,
    int maxSegmentRows,
    int indexBuildThreads,
    boolean walFsync,
    long walFileBytes,
    long checkpointWalBytes,
    int maxTopK,
    int maxQueryResultRows) {

  public static final ConfigKey<String> HOST = new ConfigKey<>("server.host", "127.0.0.1",
      "Address the gRPC server listens on. Use 0.0.0.0 to accept connections from other machines.", s -> {
        if (s.isEmpty()) {
          throw new IllegalArgumentException("expected a host name or address");
        }
        return s;
      });
  public static final ConfigKey<Integer> PORT = new ConfigKey<>("server.port", "19530",
      "gRPC port (Milvus's default). 0 picks a free port.", ConfigKey.intRange(0, 65535));
  public static final ConfigKey<Long> MAX_REQUEST_BYTES = new ConfigKey<>("server.max-request-bytes", "256m",
      "Largest request accepted; larger inserts get a Milvus error asking to split them.",
      ConfigKey.longRange(1 << 20, 1L << 30));
  public static final ConfigKey<Path> DATA_DIR = new ConfigKey<>("storage.data-dir",
      System.getProperty("user.home") + "/.quiver/data",
      "Directory for the write-ahead logs, segment files and catalog. Created if missing.", Path::of);
  public static final ConfigKey<Integer> SEGMENT_MAX_ROWS = new ConfigKey<>("segment.max-rows", "65536",
      "Rows at which a growing segment is sealed and its vector index built.", ConfigKey.intRange(1024, 16_777_216));
  public static final ConfigKey<Integer> INDEX_BUILD_THREADS = new ConfigKey<>("index.build-threads",
      String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)),
      "Threads that build vector indexes in the background (default: half the cores).", ConfigKey.intRange(1, 256));
  public static final ConfigKey<Boolean> WAL_FSYNC = new ConfigKey<>("wal.fsync", "true",
      "Whether writes are fsynced before they are acknowledged. Turning it off risks losing acknowledged writes on a power loss.",
      ConfigKey.bool());
  public static final ConfigKey<Long> WAL_FILE_BYTES = new ConfigKey<>("wal.file-bytes", "64m",
      "Size at which a write-ahead log file is rolled.", ConfigKey.longRange(1 << 20, 1L << 32));
  public static final ConfigKey<Long> CHECKPOINT_WAL_BYTES = new ConfigKey<>("checkpoint.wal-bytes", "256m",
      "Write-ahead log size of a shard above which its growing segments are sealed and written to segment files and the log is truncated.",
      ConfigKey.longRange(1 << 20, 1L << 40));
  public static final ConfigKey<Integer> MAX_TOPK = new ConfigKey<>("search.max-topk", "16384",
      "Largest search limit (topk), offset + limit window and query window, as in Milvus.", ConfigKey.intRange(1, 1 << 20));
  public static final ConfigKey<Integer> MAX_QUERY_RESULT_ROWS = new ConfigKey<>("query.max-result-rows", "1000000",
      "Largest number of rows a query without a limit may return.", ConfigKey.intRange(1, Integer.MAX_VALUE));

  /** Every key, in documentation order. */
  public static final List<ConfigKey<?>> KEYS = List.of(HOST, PORT, MAX_REQUEST_BYTES, DATA_DIR, SEGMENT_MAX_ROWS,
      INDEX_BUILD_THREADS, WAL_FSYNC, WAL_FILE_BYTES, CHECKPOINT_WAL_BYTES, MAX_TOPK, MAX_QUERY_RESULT_ROWS);

  /** Builds the configuration from a file (may be null) and overrides (flags), each key to value. */
  public static ServerConfig load(Path file, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigKey<?> k : KEYS) {
      values.put(k.name(), k.defaultValue());
    }
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
      }
      for (String name : p.stringPropertyNames()) {
        put(values, name, p.getProperty(name), "configuration file " + file);
      }
    }
    overrides.forEach((k, v) -> put(values, k, v, "command line"));
    return new ServerConfig(
        HOST.parse(values.get(HOST.name())),
        PORT.parse(values.get(PORT.name())),
        MAX_REQUEST_BYTES.parse(values.get(MAX_REQUEST_BYTES.name())),
        DATA_DIR.parse(values.get(DATA_DIR.name())),
        SEGMENT_MAX_ROWS.parse(values.get(SEGMENT_MAX_ROWS.name())),
        INDEX_BUILD_THREADS.parse(values.get(INDEX_BUILD_THREADS.name())),
        WAL_FSYNC.parse(values.get(WAL_FSYNC.name())),
        WAL_FILE_BYTES.parse(values.get(WAL_FILE_BYTES.name())),
        CHECKPOINT_WAL_BYTES.parse(values.get(CHECKPOINT_WAL_BYTES.name())),
        MAX_TOPK.parse(values.get(MAX_TOPK.name())),
        MAX_QUERY_RESULT_ROWS.parse(values.get(MAX_QUERY_RESULT_ROWS.name())));
  }

  private static void put(Map<String, String> values, String key, String value, String source) {
    if (!values.containsKey(key)) {
      List<String> known = new ArrayList<>();
      KEYS.forEach(k -> known.add(k.name()));
      throw new ConfigException("unknown configuration key '" + key + "' in " + source + "; known keys: " + known);
    }
    values.put(key, value);
  }
}
