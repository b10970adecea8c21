package io.quiver.control.cli;

import io.quiver.control.ControlApi;
import io.quiver.control.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quiver control-api}: runs the control API until the process is stopped. */
@Command(
    name = "control-api",
    mixinStandardHelpOptions = true,
    description = {"Runs the Quiver control API: REST under /api/v1 (tenants, members, API keys, audit log), "
        + "the key registry the data plane polls, and the OpenAPI document at /api/v1/openapi.yml.",
        "Configuration keys (docs/control-api.md) come from --config, --set, or the environment "
            + "(CONTROL_OIDC_ISSUER for control.oidc.issuer, ...). Required: control.oidc.issuer, "
            + "control.oidc.audience, control.api-keys.registry-token, and Keycloak admin credentials."},
    footer = {"", "Example:", "  quiver control-api --port 8080 --config control.properties \\",
        "      --set control.oidc.issuer=https://sso.example.com/realms/quiver"})
public final class ControlApiMain implements Callable<Integer> {

  /** Exit code for bad usage or configuration. */
  static final int USAGE = 2;

  @Option(names = "--host", description = "Listen address (micronaut.server.host; default 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "HTTP port (micronaut.server.port; default 8080).")
  Integer port;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Local stores: audit log, API keys without a cluster "
      + "(control.data-dir; default ./quiver-control).")
  Path dataDir;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file with configuration keys; keep it "
      + "readable only by the server's user (it holds secrets).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set any configuration key; repeatable.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Override
  public Integer call() throws IOException {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (config != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      p.forEach((k, v) -> properties.put(k.toString(), v.toString().trim()));
    }
    properties.putAll(settings);
    if (host != null) {
      properties.put("micronaut.server.host", host);
    }
    if (port != null) {
      properties.put("micronaut.server.port", port);
    }
    if (dataDir != null) {
      properties.put("control.data-dir", dataDir.toString());
    }
    ControlApi api = ControlApi.start(properties);
    System.out.println("quiver control-api listening on " + api.uri() + " (OpenAPI: " + api.uri()
        + "/api/v1/openapi.yml)");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      api.close();
      stopped.countDown();
    }, "control-api-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handling: a configuration error prints its keys and exits with 2. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ControlApiMain());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      ConfigException config = configException(e);
      if (config != null) {
        commandLine.getErr().println("quiver control-api: " + config.getMessage());
        return USAGE;
      }
      throw e;
    });
    return cli;
  }

  private static ConfigException configException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException c) {
        return c;
      }
    }
    return null;
  }
}
