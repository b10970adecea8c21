package io.quiver.server.config;

import io.quiver.server.auth.SecurityConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
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
 * @param objectStore where sealed segments are kept besides the data directory: {@code local}
 *     (only the data directory) or {@code s3}
 * @param s3 the S3 settings when {@code objectStore} is {@code s3}, else null
 * @param gcInterval how often unreferenced segment objects are collected
 * @param gcGrace minimum age of an unreferenced object before it is deleted
 * @param compactionDeleteRatio share of deleted rows at which a segment is rewritten automatically
 * @param compactionInterval how often automatic compaction looks for work
 * @param logsInObjectStore whether the write-ahead logs are kept in the object store
 * @param walDeadline longest time a write-ahead log write to the object store may take
 * @param etcd the etcd catalog settings when {@code storage.catalog} is {@code etcd}, else null
 *     (the catalog is a file in the data directory)
 * @param authorizationEnabled whether calls need credentials
 * @param rootPassword root's password on first start
 * @param apiKeysUrl the control plane's key endpoint, or "" for none
 * @param apiKeysToken the bearer token for the key endpoint
 * @param apiKeysRefresh how often the key endpoint is polled
 * @param apiKeysMaxStaleness how long the last good key list is used while the endpoint cannot be reached
 * @param auditUrl the control plane's audit endpoint, or "" to keep audit events in the log only
 * @param auditQueueSize how many audit events wait for the audit endpoint before new ones are dropped
 * @param encryptionKeyDir the directory every {@code file:} encryption key lies under, or null for no encryption
 * @param encryptionKeyPoll how often encryption key files are re-read
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
    int maxQueryResultRows,
    String objectStore,
    io.quiver.storage.object.S3Config s3,
    java.time.Duration gcInterval,
    java.time.Duration gcGrace,
    double compactionDeleteRatio,
    java.time.Duration compactionInterval,
    boolean logsInObjectStore,
    java.time.Duration walDeadline,
    io.quiver.storage.catalog.etcd.EtcdConfig etcd,
    boolean authorizationEnabled,
    Secret rootPassword,
    String apiKeysUrl,
    Secret apiKeysToken,
    java.time.Duration apiKeysRefresh,
    java.time.Duration apiKeysMaxStaleness,
    String auditUrl,
    int auditQueueSize,
    Path encryptionKeyDir,
    java.time.Duration encryptionKeyPoll,
    boolean lazyLoad) {

  /** A secret setting: its {@code toString} never shows the value, so the record can be logged. */
  public record Secret(String value) {
    @Override
    public String toString() {
      return value.isEmpty() ? "" : "[redacted]";
    }
  }

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

  public static final ConfigKey<String> OBJECT_STORE = new ConfigKey<>("storage.object-store", "local",
      "Where sealed segments, their indexes and delete logs are kept: local (the data directory only) or s3 (uploaded to an S3 bucket; the data directory is a cache).",
      s -> {
        io.quiver.storage.object.ObjectStoreConfig.Kind.parse(s);
        return s.toLowerCase(java.util.Locale.ROOT);
      });
  public static final ConfigKey<String> S3_ENDPOINT = new ConfigKey<>("storage.s3.endpoint", "",
      "S3 endpoint URL, e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000 (required with s3).", ConfigKey.string());
  public static final ConfigKey<String> S3_BUCKET = new ConfigKey<>("storage.s3.bucket", "",
      "S3 bucket (required with s3).", ConfigKey.string());
  public static final ConfigKey<String> S3_ACCESS_KEY = new ConfigKey<>("storage.s3.access-key-id", "",
      "S3 access key id (required with s3; prefer the environment variable QUIVER_STORAGE_S3_ACCESS_KEY_ID).", ConfigKey.string());
  public static final ConfigKey<String> S3_SECRET_KEY = new ConfigKey<>("storage.s3.secret-access-key", "",
      "S3 secret access key (required with s3; prefer the environment variable QUIVER_STORAGE_S3_SECRET_ACCESS_KEY). Never logged.",
      ConfigKey.string());
  public static final ConfigKey<String> S3_REGION = new ConfigKey<>("storage.s3.region", "us-east-1",
      "S3 region.", ConfigKey.string());
  public static final ConfigKey<String> S3_PREFIX = new ConfigKey<>("storage.s3.prefix", "",
      "Key prefix inside the bucket, so several clusters can share one bucket.", ConfigKey.string());
  public static final ConfigKey<Boolean> S3_CREATE_BUCKET = new ConfigKey<>("storage.s3.create-bucket", "false",
      "Create the bucket at start if it does not exist.", ConfigKey.bool());
  public static final ConfigKey<java.time.Duration> S3_DEADLINE = new ConfigKey<>("storage.s3.deadline", "60s",
      "Longest time one object-store request, with its retries, may take before it fails.",
      ConfigKey.duration(java.time.Duration.ofMillis(100), java.time.Duration.ofHours(1)));
  public static final ConfigKey<java.time.Duration> GC_INTERVAL = new ConfigKey<>("storage.gc-interval", "10m",
      "How often segment objects that no catalog entry references are deleted from the object store.",
      ConfigKey.duration(java.time.Duration.ofSeconds(1), java.time.Duration.ofDays(1)));
  public static final ConfigKey<java.time.Duration> GC_GRACE = new ConfigKey<>("storage.gc-grace", "10m",
      "How old an unreferenced segment object must be before garbage collection deletes it.",
      ConfigKey.duration(java.time.Duration.ZERO, java.time.Duration.ofDays(30)));
  public static final ConfigKey<Double> COMPACTION_DELETE_RATIO = new ConfigKey<>("compaction.delete-ratio", "0.2",
      "Share of deleted rows at which automatic compaction rewrites a segment without them.", s -> {
        double d = Double.parseDouble(s);
        if (!(d > 0 && d <= 1)) {
          throw new IllegalArgumentException("expected a number in (0, 1]");
        }
        return d;
      });
  public static final ConfigKey<java.time.Duration> COMPACTION_INTERVAL = new ConfigKey<>("compaction.interval", "1m",
      "How often automatic compaction looks for segments to merge or rewrite (0s: never).",
      ConfigKey.duration(java.time.Duration.ZERO, java.time.Duration.ofDays(1)));
  public static final ConfigKey<String> WAL_LOCATION = new ConfigKey<>("storage.wal", "auto",
      "Where write-ahead logs live: local (the data directory), object-store (fenced batch objects, so another node can take the shards over), or auto (object-store when storage.object-store is s3).",
      s -> {
        String v = s.toLowerCase(java.util.Locale.ROOT);
        if (!List.of("auto", "local", "object-store").contains(v)) {
          throw new IllegalArgumentException("expected auto, local or object-store");
        }
        return v;
      });
  public static final ConfigKey<java.time.Duration> WAL_DEADLINE = new ConfigKey<>("storage.wal.deadline", "1s",
      "With logs in the object store: longest time one log write may take before the writes waiting on it fail with a retryable error.",
      ConfigKey.duration(java.time.Duration.ofMillis(100), java.time.Duration.ofMinutes(1)));
  public static final ConfigKey<String> CATALOG = new ConfigKey<>("storage.catalog", "local",
      "Where the metadata catalog lives: local (a file in the data directory) or etcd.", s -> {
        String v = s.toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("local") && !v.equals("etcd")) {
          throw new IllegalArgumentException("expected local or etcd");
        }
        return v;
      });
  public static final ConfigKey<List<String>> ETCD_ENDPOINTS = new ConfigKey<>("storage.etcd.endpoints", "",
      "Comma-separated etcd client URLs, e.g. http://etcd-0:2379,http://etcd-1:2379 (required with etcd).",
      s -> s.isBlank() ? List.of() : java.util.Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList());
  public static final ConfigKey<String> ETCD_PREFIX = new ConfigKey<>("storage.etcd.prefix", "/quiver/default/",
      "Key prefix of this cluster's catalog in etcd; starts and ends with /.", ConfigKey.string());
  public static final ConfigKey<java.time.Duration> ETCD_TIMEOUT = new ConfigKey<>("storage.etcd.timeout", "2s",
      "Longest time one catalog call may take before it fails with a retryable error.",
      ConfigKey.duration(java.time.Duration.ofMillis(100), java.time.Duration.ofMinutes(5)));

  public static final ConfigKey<Boolean> AUTHORIZATION_ENABLED = new ConfigKey<>("security.authorization-enabled", "false",
      "Whether every call needs credentials (a Milvus user and password, or an API key) and is checked against the "
          + "caller's privileges. Off by default, as in Milvus. See docs/security.md.", ConfigKey.bool());
  public static final ConfigKey<Secret> ROOT_PASSWORD = new ConfigKey<>("security.root-password", "Milvus",
      "Password of the user root, set when the catalog is created (Milvus's default); stored only as a salted hash. "
          + "Change it later with UpdateCredential; prefer the environment variable or the --config file to the command line.",
      s -> {
        if (s.length() < 6 || s.length() > 256) {
          throw new IllegalArgumentException("expected 6 to 256 characters");
        }
        return new Secret(s);
      });
  public static final ConfigKey<String> API_KEYS_URL = new ConfigKey<>("security.api-keys.url", "",
      "The control plane's API-key endpoint (http or https), polled for the list of valid keys; empty: API keys are "
          + "not accepted.", ServerConfig::httpUrl);
  public static final ConfigKey<Secret> API_KEYS_TOKEN = new ConfigKey<>("security.api-keys.token", "",
      "Service token sent as a bearer token to security.api-keys.url and security.audit.url; required when either is "
          + "set. Never logged.",
      Secret::new);
  public static final ConfigKey<java.time.Duration> API_KEYS_REFRESH = new ConfigKey<>("security.api-keys.refresh", "5s",
      "How often the key endpoint is polled (at most 10s); a revoked key stops working within this interval plus the "
          + "request time (4s at most).", ConfigKey.duration(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(10)));
  public static final ConfigKey<java.time.Duration> API_KEYS_MAX_STALENESS = new ConfigKey<>(
      "security.api-keys.max-staleness", "60s", "How long the last good key list is used while the key endpoint cannot "
          + "be reached; after that every API key is refused until the endpoint answers again (fail closed).",
      ConfigKey.duration(java.time.Duration.ofSeconds(1), java.time.Duration.ofHours(24)));

  public static final ConfigKey<String> AUDIT_URL = new ConfigKey<>("security.audit.url", "",
      "The control plane's audit endpoint (http or https, e.g. https://control/api/v1/audit/events): administrative RPCs "
          + "are shipped there in batches (with security.api-keys.token as bearer token) besides the io.quiver.audit log; "
          + "empty: the log only.", ServerConfig::httpUrl);
  public static final ConfigKey<Integer> AUDIT_QUEUE_SIZE = new ConfigKey<>("security.audit.queue-size", "10000",
      "Audit events held in memory while security.audit.url is slow or unreachable (retried with backoff); when full, "
          + "new events are dropped and counted in a WARN, never blocking a call.", ConfigKey.intRange(100, 1_000_000));

  public static final ConfigKey<String> ENCRYPTION_KEY_DIR = new ConfigKey<>("security.encryption.key-dir", "",
      "Directory holding customer encryption keys (BYOK); empty: databases cannot be encrypted. A database is encrypted "
          + "when created with the property database.encryption.key=file:<path under this directory> (a key file or a "
          + "directory of versions, such as a mounted Secret). See docs/security.md.", s -> {
        if (!s.isEmpty() && !Path.of(s).isAbsolute()) {
          throw new IllegalArgumentException("expected an absolute path");
        }
        return s;
      });
  public static final ConfigKey<java.time.Duration> ENCRYPTION_KEY_POLL = new ConfigKey<>("security.encryption.key-poll",
      "10s", "How often key files are re-read: a rotation, revocation or re-grant takes effect within this interval.",
      ConfigKey.duration(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(60)));

  public static final ConfigKey<Boolean> LAZY_LOAD = new ConfigKey<>("storage.lazy-load", "false",
      "Load collections lazily: LoadCollection (and a restart) only marks a collection loaded, and its segments are read into memory (downloaded, memory-mapped) on its first search or query. Makes loads and restarts fast; the first read waits.",
      ConfigKey.bool());

  /** Every key, in documentation order. */
  public static final List<ConfigKey<?>> KEYS = List.of(HOST, PORT, MAX_REQUEST_BYTES, DATA_DIR, SEGMENT_MAX_ROWS,
      INDEX_BUILD_THREADS, WAL_FSYNC, WAL_FILE_BYTES, CHECKPOINT_WAL_BYTES, MAX_TOPK, MAX_QUERY_RESULT_ROWS,
      OBJECT_STORE, S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, S3_PREFIX, S3_CREATE_BUCKET, S3_DEADLINE, GC_INTERVAL, GC_GRACE,
      LAZY_LOAD,
      COMPACTION_DELETE_RATIO, COMPACTION_INTERVAL, WAL_LOCATION, WAL_DEADLINE, CATALOG, ETCD_ENDPOINTS, ETCD_PREFIX, ETCD_TIMEOUT,
      AUTHORIZATION_ENABLED, ROOT_PASSWORD, API_KEYS_URL, API_KEYS_TOKEN, API_KEYS_REFRESH, API_KEYS_MAX_STALENESS,
      AUDIT_URL, AUDIT_QUEUE_SIZE, ENCRYPTION_KEY_DIR, ENCRYPTION_KEY_POLL);

  /** The security settings. */
  public SecurityConfig security() {
    return new SecurityConfig(authorizationEnabled, rootPassword.value(), apiKeysUrl.isEmpty() ? null : URI.create(apiKeysUrl),
        apiKeysToken.value(), apiKeysRefresh, apiKeysMaxStaleness, auditUrl.isEmpty() ? null : URI.create(auditUrl),
        auditQueueSize);
  }

  /** "" or an absolute http(s) URL with a host. */
  static String httpUrl(String s) {
    if (s.isEmpty()) {
      return s;
    }
    try {
      URI u = new URI(s);
      if (u.getHost() == null || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
        throw new IllegalArgumentException("expected an http:// or https:// URL with a host");
      }
      return s;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("expected an http:// or https:// URL: " + e.getReason());
    }
  }

  /** The environment variable that sets {@code key}: QUIVER_ and the key in upper case with . and - as _. */
  public static String environmentVariable(ConfigKey<?> key) {
    return "QUIVER_" + key.name().toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Builds the configuration from defaults, a file (may be null) and overrides (flags). */
  public static ServerConfig load(Path file, Map<String, String> overrides) {
    return load(file, Map.of(), overrides);
  }

  /**
   * Builds the configuration: defaults, then the file (may be null), then environment variables
   * ({@link #environmentVariable}; only those of known keys are read), then overrides (flags).
   */
  public static ServerConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
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
    for (ConfigKey<?> k : KEYS) {
      String v = environment.get(environmentVariable(k));
      if (v != null) {
        values.put(k.name(), v);
      }
    }
    overrides.forEach((k, v) -> put(values, k, v, "command line"));
    String objectStore = OBJECT_STORE.parse(values.get(OBJECT_STORE.name()));
    io.quiver.storage.object.S3Config s3 = null;
    if (objectStore.equals("s3")) {
      for (ConfigKey<String> required : List.of(S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY)) {
        if (values.get(required.name()).isBlank()) {
          throw new ConfigException(required.name() + " is required when storage.object-store is s3 (or set "
              + environmentVariable(required) + ")");
        }
      }
      try {
        s3 = io.quiver.storage.object.S3Config.of(values.get(S3_ENDPOINT.name()).trim(), values.get(S3_BUCKET.name()).trim(),
                values.get(S3_ACCESS_KEY.name()), values.get(S3_SECRET_KEY.name()))
            .withRegion(S3_REGION.parse(values.get(S3_REGION.name())))
            .withPathPrefix(S3_PREFIX.parse(values.get(S3_PREFIX.name())))
            .withCreateBucketIfMissing(S3_CREATE_BUCKET.parse(values.get(S3_CREATE_BUCKET.name())))
            .withDeadline(S3_DEADLINE.parse(values.get(S3_DEADLINE.name())));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("invalid S3 settings: " + e.getMessage());
      }
    }
    io.quiver.storage.catalog.etcd.EtcdConfig etcd = null;
    if (CATALOG.parse(values.get(CATALOG.name())).equals("etcd")) {
      List<String> endpoints = ETCD_ENDPOINTS.parse(values.get(ETCD_ENDPOINTS.name()));
      if (endpoints.isEmpty()) {
        throw new ConfigException(ETCD_ENDPOINTS.name() + " is required when storage.catalog is etcd");
      }
      try {
        etcd = io.quiver.storage.catalog.etcd.EtcdConfig.of(endpoints, ETCD_PREFIX.parse(values.get(ETCD_PREFIX.name())))
            .withCallTimeout(ETCD_TIMEOUT.parse(values.get(ETCD_TIMEOUT.name())));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("invalid etcd settings: " + e.getMessage());
      }
    }
    String walLocation = WAL_LOCATION.parse(values.get(WAL_LOCATION.name()));
    boolean logsInObjectStore = walLocation.equals("object-store") || (walLocation.equals("auto") && s3 != null);
    if (logsInObjectStore && s3 == null) {
      throw new ConfigException("storage.wal = object-store needs storage.object-store = s3");
    }
    ServerConfig config = new ServerConfig(
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
        MAX_QUERY_RESULT_ROWS.parse(values.get(MAX_QUERY_RESULT_ROWS.name())),
        objectStore,
        s3,
        GC_INTERVAL.parse(values.get(GC_INTERVAL.name())),
        GC_GRACE.parse(values.get(GC_GRACE.name())),
        COMPACTION_DELETE_RATIO.parse(values.get(COMPACTION_DELETE_RATIO.name())),
        COMPACTION_INTERVAL.parse(values.get(COMPACTION_INTERVAL.name())),
        logsInObjectStore,
        WAL_DEADLINE.parse(values.get(WAL_DEADLINE.name())),
        etcd,
        AUTHORIZATION_ENABLED.parse(values.get(AUTHORIZATION_ENABLED.name())),
        ROOT_PASSWORD.parse(values.get(ROOT_PASSWORD.name())),
        API_KEYS_URL.parse(values.get(API_KEYS_URL.name())),
        API_KEYS_TOKEN.parse(values.get(API_KEYS_TOKEN.name())),
        API_KEYS_REFRESH.parse(values.get(API_KEYS_REFRESH.name())),
        API_KEYS_MAX_STALENESS.parse(values.get(API_KEYS_MAX_STALENESS.name())),
        AUDIT_URL.parse(values.get(AUDIT_URL.name())),
        AUDIT_QUEUE_SIZE.parse(values.get(AUDIT_QUEUE_SIZE.name())),
        ENCRYPTION_KEY_DIR.parse(values.get(ENCRYPTION_KEY_DIR.name())).isEmpty() ? null
            : Path.of(ENCRYPTION_KEY_DIR.parse(values.get(ENCRYPTION_KEY_DIR.name()))),
        ENCRYPTION_KEY_POLL.parse(values.get(ENCRYPTION_KEY_POLL.name())),
        LAZY_LOAD.parse(values.get(LAZY_LOAD.name())));
    if (!config.apiKeysUrl.isEmpty() && config.apiKeysToken.value().isEmpty()) {
      throw new ConfigException(API_KEYS_TOKEN.name() + " must be set when " + API_KEYS_URL.name() + " is");
    }
    if (!config.auditUrl.isEmpty() && config.apiKeysToken.value().isEmpty()) {
      throw new ConfigException(API_KEYS_TOKEN.name() + " must be set when " + AUDIT_URL.name() + " is (it is the "
          + "service token for both)");
    }
    if (config.apiKeysMaxStaleness.compareTo(config.apiKeysRefresh) < 0) {
      throw new ConfigException(API_KEYS_MAX_STALENESS.name() + " (" + config.apiKeysMaxStaleness.toMillis() + " ms) must be at "
          + "least " + API_KEYS_REFRESH.name() + " (" + config.apiKeysRefresh.toMillis() + " ms)");
    }
    return config;
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
