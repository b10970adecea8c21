package io.quiver.storage.wal;

import static java.nio.file.StandardOpenOption.READ;

import io.quiver.storage.wal.WalFormat.Batch;
import io.quiver.storage.wal.WalFormat.FileHeader;
import io.quiver.storage.wal.WalFormat.FormatException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Replays the records of a snapshot of a log's files, checking everything it reads: file
 * headers, batch headers, record CRCs, and that LSNs continue from batch to batch and from file
 * to file. Any damage is a {@link WalCorruptionException}: the files it reads hold only synced
 * data (sealed files, and the active file up to its durable end).
 *
 * <p>Each file is mapped for the time it is read and unmapped right after (a shared arena), so
 * a record buffer kept past {@link RecordConsumer#accept} fails on access instead of reading
 * freed memory.
 *
 * <p>Thread safety: stateless; the caller keeps the files from being deleted while it reads.
 */
final class WalReader {

  /** A file to read and the bytes of it to read. */
  record Source(Path path, long firstLsn, long readableBytes, boolean sealed) {}

  private WalReader() {}

  static void replay(
      List<Source> files,
      long fromLsn,
      RecordTransformer transformer,
      ChannelOpener opener,
      RecordConsumer consumer)
      throws IOException {
    long expectedLsn = -1;
    for (int i = 0; i < files.size(); i++) {
      Source file = files.get(i);
      boolean hasWanted = i + 1 == files.size() || files.get(i + 1).firstLsn() > fromLsn;
      if (!hasWanted) {
        continue;
      }
      expectedLsn = replayFile(file, expectedLsn, fromLsn, transformer, opener, consumer);
    }
  }

  /** Returns the LSN after the file's last record. */
  private static long replayFile(
      Source file,
      long expectedLsn,
      long fromLsn,
      RecordTransformer transformer,
      ChannelOpener opener,
      RecordConsumer consumer)
      throws IOException {
    Path path = file.path();
    try (FileChannel channel = opener.open(path, READ);
        Arena arena = Arena.ofShared()) {
      long size = file.sealed() ? channel.size() : file.readableBytes();
      MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      FileHeader header = WalFormat.readFileHeader(data);
      if (header.firstLsn() != file.firstLsn()) {
        throw new WalCorruptionException(
            path, 8, "header says the first LSN is " + header.firstLsn() + ", the file name says " + file.firstLsn());
      }
      if (expectedLsn >= 0 && header.firstLsn() != expectedLsn) {
        throw new WalCorruptionException(
            path, 0, "the previous file ends before LSN " + expectedLsn + " but this one starts at " + header.firstLsn()
                + ": records are missing");
      }
      boolean decode = header.encoding() != WalFormat.IDENTITY_ENCODING;
      if (decode && header.encoding() != transformer.id()) {
        throw new IOException(
            "WAL file " + path + " holds records encoded by transformer " + header.encoding()
                + " but the log was opened with transformer " + transformer.id() + " (" + transformer + ")");
      }
      long pos = WalFormat.FILE_HEADER_BYTES;
      long lsn = header.firstLsn();
      while (pos < size) {
        Batch batch = WalFormat.readBatch(data, pos, size, lsn);
        if (batch.nextLsn() > fromLsn) {
          WalFormat.readRecords(
              data,
              batch,
              fromLsn,
              (recordLsn, stored) ->
                  consumer.accept(recordLsn, decode ? transformer.decode(stored) : stored));
        }
        pos = batch.end();
        lsn = batch.nextLsn();
      }
      return lsn;
    } catch (FormatException e) {
      throw new WalCorruptionException(path, e.offset, e.reason());
    }
  }
}
