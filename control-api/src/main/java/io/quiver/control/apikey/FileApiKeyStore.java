package io.quiver.control.apikey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

/**
 * The key registry in {@code <data-dir>/api-keys.json}, for a control API without Kubernetes.
 * Every update writes a temporary file, forces it to disk, renames it over the old one atomically
 * and forces the directory, so a crash leaves either the old or the new registry, never a torn one.
 * One process owns the directory.
 *
 * <p>Thread-safe: updates are serialized; reads see the last completed update.
 */
public final class FileApiKeyStore implements ApiKeyStore {

  private final Path file;
  private KeyRegistry current;

  public FileApiKeyStore(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + directory, e);
    }
    this.file = directory.resolve("api-keys.json");
    try {
      current = Files.exists(file) ? RegistryJson.read(Files.readAllBytes(file), file.toString()) : KeyRegistry.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public synchronized KeyRegistry read() {
    return current;
  }

  @Override
  public synchronized KeyRegistry update(UnaryOperator<KeyRegistry> change) {
    KeyRegistry changed = change.apply(current);
    KeyRegistry next = new KeyRegistry(current.revision() + 1, changed.keys());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(RegistryJson.write(next)));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + file + " cannot rename atomically", e);
      }
      try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException ignored) {
        // Some file systems cannot open a directory for syncing; the rename is still atomic there.
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the key registry " + file, e);
    }
    current = next;
    return next;
  }
}
