package io.quiver.server.config;

import io.quiver.server.auth.SecurityConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
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
 * @param authorizationEnabled whether calls need credentials
 * @param rootPassword root's password on first start
 * @param apiKeysUrl the control plane's key endpoint, or "" for none
 * @param apiKeysToken the bearer token for the key endpoint
 * @param apiKeysRefresh how often the key endpoint is polled
 * @param apiKeysMaxStaleness how long the last good key list is used while the endpoint cannot be reached
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
    boolean authorizationEnabled,
    Secret rootPassword,
    String apiKeysUrl,
    Secret apiKeysToken,
    Duration apiKeysRefresh,
    Duration apiKeysMaxStaleness) {

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

  public static final ConfigKey<Boolean> AUTHORIZATION_ENABLED = new ConfigKey<>("security.authorization-enabled", "false",
      "Whether every call needs credentials (a Milvus user and password, or an API key) and is checked against the "
          + "caller's privileges. Off by default, as in Milvus. See docs/security.md.", ConfigKey.bool());
  public static final ConfigKey<Secret> ROOT_PASSWORD = new ConfigKey<>("security.root-password", "Milvus",
      "Password of the user root, set when the catalog is created (Milvus's default); stored only as a salted hash. "
          + "Change it later with UpdateCredential; put it in the --config file rather than on the command line.",
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
      "Service token sent as a bearer token to security.api-keys.url; required when the URL is set.", Secret::new);
  public static final ConfigKey<Duration> API_KEYS_REFRESH = new ConfigKey<>("security.api-keys.refresh", "5s",
      "How often the key endpoint is polled (at most 10s); a revoked key stops working within this interval plus the "
          + "request time (4s at most).", duration(Duration.ofMillis(100), Duration.ofSeconds(10)));
  public static final ConfigKey<Duration> API_KEYS_MAX_STALENESS = new ConfigKey<>("security.api-keys.max-staleness",
      "60s", "How long the last good key list is used while the key endpoint cannot be reached; after that every API "
          + "key is refused until the endpoint answers again (fail closed).",
      duration(Duration.ofSeconds(1), Duration.ofHours(24)));

  /** Every key, in documentation order. */
  public static final List<ConfigKey<?>> KEYS = List.of(HOST, PORT, MAX_REQUEST_BYTES, DATA_DIR, SEGMENT_MAX_ROWS,
      INDEX_BUILD_THREADS, WAL_FSYNC, WAL_FILE_BYTES, CHECKPOINT_WAL_BYTES, MAX_TOPK, MAX_QUERY_RESULT_ROWS,
      AUTHORIZATION_ENABLED, ROOT_PASSWORD, API_KEYS_URL, API_KEYS_TOKEN, API_KEYS_REFRESH, API_KEYS_MAX_STALENESS);

  /** The security settings. */
  public SecurityConfig security() {
    return new SecurityConfig(authorizationEnabled, rootPassword.value(), apiKeysUrl.isEmpty() ? null : URI.create(apiKeysUrl),
        apiKeysToken.value(), apiKeysRefresh, apiKeysMaxStaleness);
  }

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
        AUTHORIZATION_ENABLED.parse(values.get(AUTHORIZATION_ENABLED.name())),
        ROOT_PASSWORD.parse(values.get(ROOT_PASSWORD.name())),
        API_KEYS_URL.parse(values.get(API_KEYS_URL.name())),
        API_KEYS_TOKEN.parse(values.get(API_KEYS_TOKEN.name())),
        API_KEYS_REFRESH.parse(values.get(API_KEYS_REFRESH.name())),
        API_KEYS_MAX_STALENESS.parse(values.get(API_KEYS_MAX_STALENESS.name())));
    if (!config.apiKeysUrl.isEmpty() && config.apiKeysToken.value().isEmpty()) {
      throw new ConfigException(API_KEYS_TOKEN.name() + " must be set when " + API_KEYS_URL.name() + " is");
    }
    if (config.apiKeysMaxStaleness.compareTo(config.apiKeysRefresh) < 0) {
      throw new ConfigException(API_KEYS_MAX_STALENESS.name() + " (" + config.apiKeysMaxStaleness.toMillis() + " ms) must be at "
          + "least " + API_KEYS_REFRESH.name() + " (" + config.apiKeysRefresh.toMillis() + " ms)");
    }
    return config;
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

  /** A duration such as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} (a bare number is seconds) within [min, max]. */
  static java.util.function.Function<String, Duration> duration(Duration min, Duration max) {
    return s -> {
      Duration d = parseDuration(s);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException("expected a duration between " + human(min) + " and " + human(max));
      }
      return d;
    };
  }

  static Duration parseDuration(String s) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?").matcher(s.toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a duration such as 500ms, 5s, 2m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() % 3600 == 0 ? d.toHours() + "h"
        : d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
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
