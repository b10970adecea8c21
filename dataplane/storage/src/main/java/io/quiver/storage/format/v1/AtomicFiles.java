package io.quiver.storage.format.v1;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Durable, atomic replacement of whole files: the new content goes to a temporary file in the
 * target's directory ({@code <name>.<random>.tmp}), which is fsynced, renamed over the target
 * and followed by an fsync of the directory. Readers see the old file or the new one, never a
 * mix, also across a crash; a crash may leave a temporary file behind, which {@link
 * #deleteTempFiles} removes.
 *
 * <p>Used by every file format of this package and by the local catalog.
 */
public final class AtomicFiles {

  /** Suffix of temporary files. */
  public static final String TEMP_SUFFIX = ".tmp";

  /** Writes the content of a new file; the channel is positioned at 0 and must not be closed. */
  @FunctionalInterface
  public interface Body {
    void write(FileChannel channel) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Replaces (or creates) {@code target} with the bytes {@code body} writes. When this method
   * returns normally the new content is durable. When it throws, {@code target} is either
   * unchanged (the failure came before the rename; the temporary file has been removed) or, if
   * the failure was in the rename or the directory fsync, holds the old or the new content.
   */
  public static void write(Path target, Body body) throws IOException {
    Path dir = directoryOf(target);
    Path temp = dir.resolve(target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
    try (FileChannel channel = FileChannel.open(temp, CREATE_NEW, WRITE, READ)) {
      body.write(channel);
      channel.force(true);
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(temp, e);
      throw e;
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp, e);
      throw e;
    }
    syncDirectory(dir);
  }

  /** Replaces {@code target} with {@code content} as {@link #write(Path, Body)} does. */
  public static void write(Path target, ByteBuffer content) throws IOException {
    write(target, channel -> writeFully(channel, content.duplicate()));
  }

  /** Writes all of {@code src} at the channel's position. */
  public static void writeFully(FileChannel channel, ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      channel.write(src);
    }
  }

  /** Reads exactly {@code dst.remaining()} bytes at {@code position}, or throws {@link java.io.EOFException}. */
  public static void readFully(FileChannel channel, ByteBuffer dst, long position, Path file) throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, pos);
      if (n < 0) {
        throw new java.io.EOFException("unexpected end of file " + file + " at byte " + pos);
      }
      pos += n;
    }
  }

  /** Makes the directory entries of {@code dir} (creations, renames, deletions) durable. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, READ)) {
      channel.force(true);
    }
  }

  /**
   * Deletes the temporary files a crashed {@link #write} of {@code target} left behind. Must not
   * run concurrently with a write of the same target.
   *
   * @return the deleted files
   */
  public static List<Path> deleteTempFiles(Path target) throws IOException {
    Path dir = directoryOf(target);
    String prefix = target.getFileName() + ".";
    List<Path> deleted = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*" + TEMP_SUFFIX)) {
      for (Path file : files) {
        String middle = file.getFileName().toString();
        middle = middle.substring(prefix.length(), middle.length() - TEMP_SUFFIX.length());
        if (isHex(middle) && Files.deleteIfExists(file)) {
          deleted.add(file);
        }
      }
    } catch (NoSuchFileException e) {
      return deleted;
    }
    if (!deleted.isEmpty()) {
      syncDirectory(dir);
    }
    return deleted;
  }

  private static boolean isHex(String s) {
    if (s.isEmpty() || s.length() > 16) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static Path directoryOf(Path target) {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("no parent directory: " + target);
    }
    return parent;
  }

  private static void deleteQuietly(Path file, Throwable failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
