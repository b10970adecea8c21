package io.quiver.server.cli;

import io.quiver.server.config.ServerConfig;
import io.quiver.server.standalone.Standalone;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "standalone",
    mixinStandardHelpOptions = true,
    description = "Run Quiver as one process on a local data directory, serving the Milvus protocol.")
final class StandaloneCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (storage.data-dir; default ~/.quiver/data).")
  Path dataDir;

  @Option(names = "--host", description = "Listen address (server.host; default 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "gRPC port (server.port; default 19530).")
  Integer port;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file with configuration keys (see docs/configuration.md).")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set any configuration key; repeatable.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>(settings);
    if (dataDir != null) {
      overrides.put(ServerConfig.DATA_DIR.name(), dataDir.toString());
    }
    if (host != null) {
      overrides.put(ServerConfig.HOST.name(), host);
    }
    if (port != null) {
      overrides.put(ServerConfig.PORT.name(), port.toString());
    }
    ServerConfig config = ServerConfig.load(configFile, System.getenv(), overrides);
    Standalone standalone = Standalone.start(config, Main.version());
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      System.err.println("quiver: shutting down (finishing running calls, writing segments)...");
      try {
        standalone.close();
      } catch (Exception e) {
        System.err.println("quiver: shutdown failed: " + e);
      } finally {
        stopped.countDown();
      }
    }, "quiver-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    String address = config.host() + ":" + standalone.port();
    String uri = "http://" + ("0.0.0.0".equals(config.host()) ? "127.0.0.1" : config.host()) + ":" + standalone.port();
    System.out.println("Quiver " + Main.version() + " standalone is listening on " + address);
    System.out.println("Data directory: " + config.dataDir().toAbsolutePath());
    System.out.println();
    System.out.println("Connect with any Milvus SDK, e.g. Java:");
    System.out.println("  MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(\"" + uri + "\").build());");
    System.out.println("or Python:  MilvusClient(\"" + uri + "\")");
    System.out.println("Stop with Ctrl-C (SIGTERM); acknowledged writes are durable either way.");
    System.out.flush();
    standalone.awaitTermination();
    stopped.await();
    return 0;
  }
}
