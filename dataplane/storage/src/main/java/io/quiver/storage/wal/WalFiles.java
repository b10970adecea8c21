package io.quiver.storage.wal;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** File-system steps of the log: naming, listing, creating files, syncing the directory. */
final class WalFiles {

  private WalFiles() {}

  static Path path(Path dir, long firstLsn) {
    return dir.resolve(WalFormat.fileName(firstLsn));
  }

  /** The first LSNs of the log files in {@code dir}, ascending; other files are ignored. */
  static List<Long> list(Path dir) throws IOException {
    List<Long> lsns = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.wal")) {
      for (Path entry : entries) {
        long lsn = WalFormat.parseFileName(entry.getFileName().toString());
        if (lsn >= 0 && Files.isRegularFile(entry)) {
          lsns.add(lsn);
        }
      }
    }
    Collections.sort(lsns);
    return lsns;
  }

  /**
   * Creates the file for {@code firstLsn} with its header and, when {@code sync}, makes file
   * and directory entry durable before returning, so a file that ever takes a record has a
   * durable header. The channel is positioned after the header; the caller owns it.
   */
  static FileChannel create(
      ChannelOpener opener, Path dir, long firstLsn, int encoding, boolean sync)
      throws IOException {
    FileChannel channel = opener.open(path(dir, firstLsn), CREATE_NEW, READ, WRITE);
    try {
      writeHeader(channel, firstLsn, encoding, sync);
      if (sync) {
        syncDirectory(opener, dir);
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel, e);
      throw e;
    }
  }

  /** Replaces the content of {@code channel} with a bare header, positioned after it. */
  static void writeHeader(FileChannel channel, long firstLsn, int encoding, boolean sync)
      throws IOException {
    channel.truncate(0);
    writeFully(channel, WalFormat.fileHeader(firstLsn, encoding), 0);
    channel.position(WalFormat.FILE_HEADER_BYTES);
    if (sync) {
      channel.force(true);
    }
  }

  static void writeFully(FileChannel channel, ByteBuffer src, long position) throws IOException {
    long at = position;
    while (src.hasRemaining()) {
      at += channel.write(src, at);
    }
  }

  /** Makes created, renamed and deleted entries of {@code dir} durable. */
  static void syncDirectory(ChannelOpener opener, Path dir) throws IOException {
    try (FileChannel channel = opener.open(dir, READ)) {
      channel.force(true);
    }
  }

  static void closeQuietly(AutoCloseable closeable, Throwable failure) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
