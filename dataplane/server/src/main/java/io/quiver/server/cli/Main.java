package io.quiver.server.cli;

import io.quiver.server.config.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the data-plane process: {@code quiver standalone}, {@code quiver version}. */
@Command(
    name = "quiver",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Quiver data plane: a Milvus-compatible vector database.",
    subcommands = {StandaloneCommand.class, DemoCommand.class, VersionCommand.class})
public final class Main implements Callable<Integer> {

  /** Exit code for bad usage or configuration. */
  public static final int USAGE = 2;

  @Override
  public Integer call() {
    CommandLine.usage(this, System.err);
    return USAGE;
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException) {
        commandLine.getErr().println("quiver: configuration error: " + e.getMessage());
        return USAGE;
      }
      throw e;
    });
    System.exit(cli.execute(args));
  }

  /** The Quiver version, from the properties the build writes. */
  public static String version() {
    try (java.io.InputStream in = Main.class.getResourceAsStream("/io/quiver/server/build.properties")) {
      java.util.Properties p = new java.util.Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Quiver " + version(), "Java " + Runtime.version()};
    }
  }
}
