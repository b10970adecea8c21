package io.quiver.storage.catalog.local;

import io.quiver.storage.catalog.Txn;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child process for {@link LocalKvStoreTest}: {@code commit <dir> <prefix>} opens the store and
 * commits {@code <prefix>/<i>} for i = 0, 1, ... forever, printing {@code ACK <i> <revision>}
 * after each commit returns; {@code hold <dir>} opens the store, prints {@code OPEN} and keeps it
 * open until its standard input ends.
 */
public final class KvStoreChild {

  private KvStoreChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (LocalKvStore store = LocalKvStore.open(Path.of(args[1]))) {
      out.println("OPEN " + store.revision());
      switch (args[0]) {
        case "commit" -> {
          for (int i = 0; ; i++) {
            String key = args[2] + "/" + i;
            long rev = store.commit(Txn.builder().expectAbsent(key).put(key, LocalKvStoreTest.value(key)).build());
            out.println("ACK " + i + " " + rev);
          }
        }
        case "hold" -> {
          while (System.in.read() >= 0) {
            // wait for the parent to close our standard input
          }
        }
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
  }
}
