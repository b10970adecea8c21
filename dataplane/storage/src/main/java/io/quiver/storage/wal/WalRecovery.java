package io.quiver.storage.wal;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.quiver.storage.wal.WalFormat.Batch;
import io.quiver.storage.wal.WalFormat.FileHeader;
import io.quiver.storage.wal.WalFormat.FormatException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a log directory to a state appends can continue from, when a log is opened.
 *
 * <p>Only the last file is read: it is the only one a crash can leave incomplete, because a file
 * is sealed (a new one created) only after its last batch was forced. Older files are checked
 * when {@link FileWriteAheadLog#replay} reads them. In the last file, recovery walks the batches
 * and stops at the first one that is not valid. If a valid batch with a higher LSN follows it
 * ({@link WalFormat#findBatchAfterDamage}), the damage is inside synced, possibly acknowledged
 * records and recovery fails with a {@link WalCorruptionException}; otherwise it is a torn tail
 * (a batch whose sync never completed, so none of its records was acknowledged) and the file is
 * truncated there. Damage to the last synced batch itself cannot be told from a torn write; that
 * batch is dropped.
 */
final class WalRecovery {

  /** The LSN of the first record of a new log. */
  static final long FIRST_LSN = 1;

  private static final Logger LOG = LoggerFactory.getLogger(WalRecovery.class);

  /**
   * The recovered log: all files in LSN order, the last one active and open for appending at
   * {@code activeSize}, which is also its position.
   */
  record State(List<LogFile> files, FileChannel active, long activeSize, long nextLsn) {}

  /** The valid part of the last file. */
  private record Tail(long end, long nextLsn, int encoding) {}

  private WalRecovery() {}

  static State recover(Path dir, boolean fsync, int encoding, ChannelOpener opener)
      throws IOException {
    List<Long> lsns = WalFiles.list(dir);
    List<LogFile> files = new ArrayList<>();
    if (lsns.isEmpty()) {
      FileChannel channel = WalFiles.create(opener, dir, FIRST_LSN, encoding, fsync);
      files.add(new LogFile(WalFiles.path(dir, FIRST_LSN), FIRST_LSN, WalFormat.FILE_HEADER_BYTES));
      return new State(files, channel, WalFormat.FILE_HEADER_BYTES, FIRST_LSN);
    }
    for (long lsn : lsns.subList(0, lsns.size() - 1)) {
      Path path = WalFiles.path(dir, lsn);
      files.add(new LogFile(path, lsn, Files.size(path)));
    }
    long lastLsn = lsns.getLast();
    Path last = WalFiles.path(dir, lastLsn);
    FileChannel channel = opener.open(last, READ, WRITE);
    try {
      Tail tail = recoverTail(channel, last, lastLsn, fsync, encoding, opener);
      if (tail.encoding() == encoding) {
        files.add(new LogFile(last, lastLsn, tail.end()));
        channel.position(tail.end());
        return new State(files, channel, tail.end(), tail.nextLsn());
      }
      if (tail.end() == WalFormat.FILE_HEADER_BYTES) {
        // No record yet: the file can take the new encoding.
        WalFiles.writeHeader(channel, lastLsn, encoding, fsync);
        files.add(new LogFile(last, lastLsn, tail.end()));
        return new State(files, channel, tail.end(), tail.nextLsn());
      }
      // The records of a file share one encoding: new records go to a new file.
      files.add(new LogFile(last, lastLsn, tail.end()));
      channel.close();
      channel = WalFiles.create(opener, dir, tail.nextLsn(), encoding, fsync);
      files.add(
          new LogFile(WalFiles.path(dir, tail.nextLsn()), tail.nextLsn(), WalFormat.FILE_HEADER_BYTES));
      return new State(files, channel, WalFormat.FILE_HEADER_BYTES, tail.nextLsn());
    } catch (IOException | RuntimeException | Error e) {
      WalFiles.closeQuietly(channel, e);
      throw e;
    }
  }

  private static Tail recoverTail(
      FileChannel channel, Path file, long nameLsn, boolean fsync, int encoding, ChannelOpener opener)
      throws IOException {
    long size = channel.size();
    if (size <= WalFormat.FILE_HEADER_BYTES) {
      return recoverEmptyFile(channel, file, nameLsn, size, fsync, encoding, opener);
    }
    long end;
    long nextLsn;
    FileHeader header;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      try {
        header = WalFormat.readFileHeader(data);
      } catch (FormatException e) {
        // The header is forced before a file takes its first record, so this is not a torn write.
        throw new WalCorruptionException(file, e.offset, e.reason() + " (the file holds records)");
      }
      if (header.firstLsn() != nameLsn) {
        throw new WalCorruptionException(
            file, 8, "header says the first LSN is " + header.firstLsn() + ", the file name says " + nameLsn);
      }
      end = WalFormat.FILE_HEADER_BYTES;
      nextLsn = nameLsn;
      while (end < size) {
        try {
          Batch batch = WalFormat.readBatch(data, end, size, nextLsn);
          WalFormat.readRecords(data, batch, Long.MAX_VALUE, null);
          end = batch.end();
          nextLsn = batch.nextLsn();
        } catch (FormatException e) {
          long later = WalFormat.findBatchAfterDamage(data, end, size, nextLsn);
          if (later >= 0) {
            throw new WalCorruptionException(
                file,
                e.offset,
                e.reason() + "; a valid batch with a later LSN follows at offset " + later
                    + ", so this is damage to synced records, not a torn tail");
          }
          LOG.warn(
              "WAL file {}: dropping an incomplete last batch at offset {} ({} bytes, from LSN {}): {}",
              file, end, size - end, nextLsn, e.reason());
          break;
        }
      }
    }
    if (end < size) {
      channel.truncate(end);
      if (fsync) {
        channel.force(true);
      }
    }
    return new Tail(end, nextLsn, header.encoding());
  }

  /**
   * A last file no longer than a header never took a record (a header is forced before the
   * first record), so a damaged header there is a file creation the crash interrupted: it gets a
   * fresh header. The file name still gives the LSN the next append gets.
   */
  private static Tail recoverEmptyFile(
      FileChannel channel, Path file, long nameLsn, long size, boolean fsync, int encoding,
      ChannelOpener opener)
      throws IOException {
    if (size == WalFormat.FILE_HEADER_BYTES) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        FileHeader header = WalFormat.readFileHeader(data);
        if (header.firstLsn() == nameLsn) {
          return new Tail(size, nameLsn, header.encoding());
        }
      } catch (FormatException e) {
        // rewritten below
      }
    }
    LOG.warn("WAL file {}: rewriting the header of an empty file whose creation was interrupted", file);
    WalFiles.writeHeader(channel, nameLsn, encoding, fsync);
    if (fsync) {
      WalFiles.syncDirectory(opener, file.getParent());
    }
    return new Tail(WalFormat.FILE_HEADER_BYTES, nameLsn, encoding);
  }
}
