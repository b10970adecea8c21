package io.quiver.server.config;

/**
 * Renders the configuration reference table of docs/configuration.md from {@link
 * ServerConfig#KEYS}, so the document cannot drift from the code (a test compares them).
 */
public final class ConfigDocs {

  private ConfigDocs() {}

  /** The markdown table of every key, its default and its description. */
  public static String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("| key | default | what it does |\n");
    sb.append("| --- | --- | --- |\n");
    for (ConfigKey<?> k : ServerConfig.KEYS) {
      String def = k.name().equals(ServerConfig.DATA_DIR.name()) ? "`~/.quiver/data`"
          : k.name().equals(ServerConfig.INDEX_BUILD_THREADS.name()) ? "half the cores" : "`" + k.defaultValue() + "`";
      if (k.defaultValue().isEmpty()) {
        def = "(none)";
      }
      sb.append("| `").append(k.name()).append("` | ").append(def).append(" | ").append(k.description())
          .append(" Environment: `").append(ServerConfig.environmentVariable(k)).append("`. |\n");
    }
    return sb.toString();
  }

  public static void main(String[] args) {
    System.out.print(table());
  }
}
