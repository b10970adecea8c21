package io.quiver.storage.catalog.local;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.quiver.storage.catalog.CompareFailedException;
import io.quiver.storage.catalog.KvState;
import io.quiver.storage.catalog.KvStore;
import io.quiver.storage.catalog.Txn;
import io.quiver.storage.format.v1.AtomicFiles;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A {@link KvStore} in a local directory, for standalone mode: the whole map is held in memory
 * and every changing commit rewrites one snapshot file atomically ({@link AtomicFiles}: temporary
 * file, fsync, rename, fsync of the directory) before it returns. Meant for small catalogs
 * (thousands of keys); a commit costs a rewrite of the whole map.
 *
 * <p>Directory layout: {@value #LOCK_FILE}, locked exclusively while the store is open so that a
 * second process (or a second open in this process) fails; {@value #SNAPSHOT_FILE}, absent until
 * the first changing commit; temporary files {@code catalog.snapshot.<hex>.tmp} that a crash may
 * leave behind and that {@link #open} deletes.
 *
 * <p>Snapshot layout, little endian:
 *
 * <pre>
 * magic:u8[4] = "QKVS"  version:i32 = 1  revision:i64  count:i32
 * (modRevision:i64 keyLength:i32 key:utf8{keyLength} valueLength:i32 value:u8{valueLength}){count}
 *                       in key order, mod revisions in [1, revision]
 * crc:i32               CRC32C of every byte before it
 * </pre>
 *
 * <p>After a failed snapshot write the store stops: every later call except {@link #close}
 * throws an {@link IOException}, because memory and disk may disagree; reopen it to continue from
 * what the disk holds. Thread safety: commits are serialized by a lock; reads are lock-free and
 * see the last acknowledged state.
 */
public final class LocalKvStore implements KvStore {

  static final String LOCK_FILE = "LOCK";
  static final String SNAPSHOT_FILE = "catalog.snapshot";
  static final int MAGIC = 0x53564B51; // "QKVS" read as a little-endian int
  static final int VERSION = 1;

  private final Path dir;
  private final Path snapshot;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private volatile KvState state;
  private volatile IOException failure;
  private volatile boolean closed;

  private LocalKvStore(Path dir, FileChannel lockChannel, FileLock lock, KvState state) {
    this.dir = dir;
    this.snapshot = dir.resolve(SNAPSHOT_FILE);
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.state = state;
  }

  /**
   * Opens the store in {@code dir}, creating the directory and an empty store if needed.
   *
   * @throws IOException when the directory is in use by another process or already open in this
   *     one, or the snapshot cannot be read or is damaged (the message names the file)
   */
  public static LocalKvStore open(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (!Files.isDirectory(absolute)) {
      Files.createDirectories(absolute);
      AtomicFiles.syncDirectory(absolute.getParent()); // the new directory survives a crash
    }
    FileChannel channel = FileChannel.open(absolute.resolve(LOCK_FILE), CREATE, READ, WRITE);
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        throw new IOException("catalog directory " + absolute + " is already open in this process");
      }
      if (lock == null) {
        throw new IOException("catalog directory " + absolute + " is in use by another process");
      }
      Path snapshot = absolute.resolve(SNAPSHOT_FILE);
      AtomicFiles.deleteTempFiles(snapshot);
      return new LocalKvStore(absolute, channel, lock, load(snapshot));
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The directory of this store. */
  public Path directory() {
    return dir;
  }

  @Override
  public Optional<Entry> get(String key) throws IOException {
    return current().get(key);
  }

  @Override
  public List<Entry> scan(String prefix) throws IOException {
    return current().scan(prefix);
  }

  @Override
  public synchronized long commit(Txn txn) throws IOException, CompareFailedException {
    KvState before = current();
    KvState after = before.apply(txn);
    if (after == before) {
      return before.revision();
    }
    ByteBuffer content = encode(after);
    try {
      AtomicFiles.write(snapshot, content);
    } catch (IOException | RuntimeException e) {
      // The rename may or may not have happened: memory and disk may now disagree.
      failure = new IOException("catalog store in " + dir + " failed to write its snapshot; reopen it: " + e.getMessage(), e);
      throw e;
    }
    state = after;
    return after.revision();
  }

  @Override
  public long revision() throws IOException {
    return current().revision();
  }

  /** Number of keys. */
  public int size() throws IOException {
    return current().size();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases the lock too
    }
    try {
      lockChannel.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  private KvState current() throws IOException {
    if (closed) {
      throw new IllegalStateException("catalog store in " + dir + " is closed");
    }
    IOException failed = failure;
    if (failed != null) {
      throw new IOException(failed.getMessage(), failed);
    }
    return state;
  }

  static ByteBuffer encode(KvState state) {
    List<byte[]> keys = new ArrayList<>(state.size());
    long size = 4 + 4 + 8 + 4 + 4;
    for (Entry e : state.entries()) {
      byte[] key = e.key().getBytes(StandardCharsets.UTF_8);
      keys.add(key);
      size += 8 + 4 + key.length + 4 + e.valueLength();
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("catalog snapshot would exceed 2 GiB");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(MAGIC).putInt(VERSION).putLong(state.revision()).putInt(state.size());
    int i = 0;
    for (Entry e : state.entries()) {
      byte[] key = keys.get(i++);
      byte[] value = e.value();
      buf.putLong(e.modRevision()).putInt(key.length).put(key).putInt(value.length).put(value);
    }
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    return buf.flip();
  }

  static KvState load(Path snapshot) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(snapshot);
    } catch (NoSuchFileException e) {
      return KvState.empty();
    }
    try {
      return decode(bytes);
    } catch (IOException | BufferUnderflowException | IllegalArgumentException e) {
      throw new IOException("catalog snapshot " + snapshot + " is damaged: " + e.getMessage(), e);
    }
  }

  private static KvState decode(byte[] bytes) throws IOException {
    if (bytes.length < 4 + 4 + 8 + 4 + 4) {
      throw new IOException("too small (" + bytes.length + " bytes)");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int end = bytes.length - 4;
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, end);
    if (buf.getInt(end) != (int) crc.getValue()) {
      throw new IOException(buf.getInt(0) != MAGIC ? "not a catalog snapshot (bad magic)" : "checksum mismatch");
    }
    buf.limit(end);
    if (buf.getInt() != MAGIC) {
      throw new IOException("not a catalog snapshot (bad magic)");
    }
    int version = buf.getInt();
    if (version != VERSION) {
      throw new IOException("unsupported snapshot version " + version + " (this build reads " + VERSION + ")");
    }
    long revision = buf.getLong();
    int count = buf.getInt();
    if (count < 0 || (long) count * (8 + 4 + 1 + 4) > buf.remaining()) {
      throw new IOException("entry count " + count + " does not fit the file");
    }
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long modRevision = buf.getLong();
      int keyLength = length(buf);
      String key;
      try {
        key = decoder.decode(buf.slice(buf.position(), keyLength)).toString();
      } catch (CharacterCodingException e) {
        throw new IOException("key of entry " + i + " is not UTF-8");
      }
      buf.position(buf.position() + keyLength);
      byte[] value = new byte[length(buf)];
      buf.get(value);
      entries.add(new Entry(key, value, modRevision));
    }
    if (buf.hasRemaining()) {
      throw new IOException(buf.remaining() + " trailing bytes");
    }
    return KvState.of(revision, entries);
  }

  /** Reads a length and checks that that many bytes follow. */
  private static int length(ByteBuffer buf) throws IOException {
    int n = buf.getInt();
    if (n < 0 || n > buf.remaining()) {
      throw new IOException("length " + n + " exceeds the " + buf.remaining() + " remaining bytes");
    }
    return n;
  }
}
