package io.quiver.server.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Crash injection for tests: when the JVM runs with {@code -Dquiver.failpoints.file=FILE} and
 * that file lists (one per line) the name of a failpoint when the code reaches it, the process
 * halts at once, as a SIGKILL would stop it. Without the property nothing happens; production
 * never sets it. The file is read each time a failpoint is reached (only at checkpoints and
 * compactions, never on the request path), so a test can arm and disarm points while it runs.
 */
public final class Failpoints {

  /** After a checkpoint uploaded segment files, before its catalog commit. */
  public static final String CHECKPOINT_AFTER_UPLOAD = "checkpoint.after-upload";
  /** After a checkpoint's catalog commit, before the log is truncated. */
  public static final String CHECKPOINT_AFTER_COMMIT = "checkpoint.after-commit";
  /** After the log was truncated. */
  public static final String CHECKPOINT_AFTER_TRUNCATE = "checkpoint.after-truncate";
  /** After a compaction wrote its output, before the catalog swap. */
  public static final String COMPACTION_BEFORE_SWAP = "compaction.before-swap";

  public static final Set<String> ALL = Set.of(CHECKPOINT_AFTER_UPLOAD, CHECKPOINT_AFTER_COMMIT, CHECKPOINT_AFTER_TRUNCATE,
      COMPACTION_BEFORE_SWAP);

  /** Exit status of a halt at a failpoint. */
  public static final int EXIT_CODE = 86;

  private static final Path FILE = fileFromProperty();

  private Failpoints() {}

  private static Path fileFromProperty() {
    String f = System.getProperty("quiver.failpoints.file");
    return f == null || f.isBlank() ? null : Path.of(f);
  }

  /** Halts the process if {@code name} is armed. */
  public static void hit(String name) {
    if (FILE == null) {
      return;
    }
    try {
      if (Files.exists(FILE) && Files.readAllLines(FILE).stream().map(String::trim).anyMatch(name::equals)) {
        System.err.println("quiver: failpoint " + name + " reached: halting");
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_CODE);
      }
    } catch (IOException e) {
      // an unreadable failpoint file arms nothing
    }
  }
}
