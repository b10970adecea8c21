package io.quiver.storage.object;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The standalone object store: each object is a regular file under a root directory, key {@code
 * a/b/c} at {@code root/a/b/c}.
 *
 * <p>Writes go to a temporary file {@code .quiver-tmp-<random>} in the target's directory, which
 * is forced to disk, renamed over the target and followed by a force of the directory (and of
 * any directory created for it), so an object is either its old or its new content, also across
 * a crash. A crash can leave a temporary file behind; listings never show them and {@link
 * #purgeIncompleteWrites} removes them. Deleting an object removes the directories it leaves
 * empty (not the root).
 *
 * <p>The store keeps no state besides its root and may share it with other instances (and
 * processes) that follow the same protocol. Readers that opened an object keep reading the
 * content they opened, whatever is written over it meanwhile. Symbolic links under the root are
 * not followed by listings. Deadlines do not apply ({@link #withDeadline} returns this store).
 *
 * <p>Thread safety: safe for any number of threads.
 */
public final class LocalObjectStore implements ObjectStore {

  /** How often a write retries creating its directory when a concurrent delete removed it. */
  private static final int MAX_DIRECTORY_RACES = 16;
  private static final int COPY_BUFFER_BYTES = 1 << 20;

  /** The directory given at construction; never deleted. */
  private final Path top;
  /** This view's directory: {@code top} or a directory below it, created on the first write. */
  private final Path root;
  private final boolean fsync;

  /** A durable store under {@code root}, which is created if missing. */
  public LocalObjectStore(Path root) throws ObjectStoreException {
    this(root, true);
  }

  /**
   * A store under {@code root}, which is created if missing.
   *
   * @param fsync whether writes are forced to disk before they return; {@code false} only where
   *     durability does not matter (tests, caches)
   */
  public LocalObjectStore(Path root, boolean fsync) throws ObjectStoreException {
    Objects.requireNonNull(root, "root");
    this.top = root.toAbsolutePath().normalize();
    this.root = top;
    this.fsync = fsync;
    try {
      Files.createDirectories(top);
    } catch (IOException e) {
      throw new ObjectStoreException("cannot create the object store directory " + top + ": " + describe(e), false, e);
    }
  }

  private LocalObjectStore(Path top, Path root, boolean fsync) {
    this.top = top;
    this.root = root;
    this.fsync = fsync;
  }

  /** This view's directory. */
  public Path root() {
    return root;
  }

  // ---------------------------------------------------------------------------------------- writes

  @Override
  public void put(String key, byte[] data) throws ObjectStoreException {
    Objects.requireNonNull(data, "data");
    write("PUT", key, channel -> {
      ByteBuffer buffer = ByteBuffer.wrap(data);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    });
  }

  @Override
  public void put(String key, Path file) throws ObjectStoreException {
    Objects.requireNonNull(file, "file");
    write("PUT", key, channel -> {
      try (FileChannel source = FileChannel.open(file, READ)) {
        long size = source.size();
        long position = 0;
        while (position < size) {
          long n = channel.transferFrom(source, position, size - position);
          if (n <= 0) {
            throw new EOFException("source file " + file + " shrank to " + position + " bytes while it was copied");
          }
          position += n;
        }
      }
    });
  }

  @Override
  public void put(String key, InputStream in, long length) throws ObjectStoreException {
    Objects.requireNonNull(in, "in");
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    write("PUT", key, channel -> {
      byte[] buffer = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(1, length))];
      long copied = 0;
      while (copied < length) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
        if (n < 0) {
          throw new SourceEndedException(copied);
        }
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          channel.write(chunk);
        }
        copied += n;
      }
    }, length);
  }

  @Override
  public boolean delete(String key) throws ObjectStoreException {
    Path target = resolve(key);
    try {
      if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      if (!Files.deleteIfExists(target)) {
        return false;
      }
      Path dir = target.getParent();
      if (fsync) {
        syncDirectory(dir);
      }
      pruneEmptyDirectories(dir);
      return true;
    } catch (IOException e) {
      throw failure("DELETE", key, e);
    }
  }

  @Override
  public void deleteAll(Collection<String> keys) throws ObjectStoreException {
    keys.forEach(ObjectKeys::requireValidKey);
    for (String key : keys) {
      delete(key);
    }
  }

  @Override
  public int purgeIncompleteWrites(Duration olderThan) throws ObjectStoreException {
    Instant cutoff = Instant.now().minus(olderThan);
    int[] removed = {0};
    try {
      walk(root, (file, attrs) -> {
        if (isTempFile(file) && attrs.lastModifiedTime().toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
          removed[0]++;
        }
      });
    } catch (IOException e) {
      throw new ObjectStoreException("PURGE " + location() + ": " + describe(e), false, e);
    }
    return removed[0];
  }

  // ----------------------------------------------------------------------------------------- reads

  @Override
  public byte[] get(String key) throws ObjectStoreException {
    try (FileChannel channel = openForRead(key, "GET")) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new ObjectStoreException("GET " + location(key) + ": the object has " + size
            + " bytes, too many for one array; use open or download", false);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      readFully(channel, buffer, 0);
      return buffer.array();
    } catch (ObjectStoreException e) {
      throw e;
    } catch (IOException e) {
      throw failure("GET", key, e);
    }
  }

  @Override
  public InputStream open(String key) throws ObjectStoreException {
    FileChannel channel = openForRead(key, "OPEN");
    return new TranslatingInputStream(Channels.newInputStream(channel), e -> failure("READ", key, e));
  }

  @Override
  public byte[] getRange(String key, long offset, int length) throws ObjectStoreException {
    checkRange(offset, length);
    try (FileChannel channel = openForRead(key, "GET_RANGE")) {
      long size = channel.size();
      if (offset + length > size) {
        throw ObjectStoreException.rangePastEnd("GET_RANGE", location(key), offset, length, size);
      }
      ByteBuffer buffer = ByteBuffer.allocate(length);
      readFully(channel, buffer, offset);
      return buffer.array();
    } catch (ObjectStoreException e) {
      throw e;
    } catch (IOException e) {
      throw failure("GET_RANGE", key, e);
    }
  }

  @Override
  public void download(String key, Path target) throws ObjectStoreException {
    Objects.requireNonNull(target, "target");
    try (FileChannel source = openForRead(key, "DOWNLOAD")) {
      long size = source.size();
      Path absolute = target.toAbsolutePath();
      Path temp = absolute.resolveSibling(absolute.getFileName() + "." + randomHex() + ".part");
      try {
        try (FileChannel out = FileChannel.open(temp, CREATE_NEW, WRITE)) {
          long position = 0;
          while (position < size) {
            long n = source.transferTo(position, size - position, out);
            if (n <= 0) {
              break;
            }
            position += n;
          }
          if (out.size() != size) {
            throw new ObjectStoreException("DOWNLOAD " + location(key) + " to " + target + ": wrote " + out.size()
                + " bytes, but the object has " + size + "; " + target + " is unchanged", true);
          }
          out.force(true);
        }
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(absolute.getParent());
      } catch (IOException e) {
        deleteQuietly(temp, e);
        throw e;
      }
    } catch (ObjectStoreException e) {
      throw e;
    } catch (IOException e) {
      throw new ObjectStoreException("DOWNLOAD " + location(key) + " to " + target + ": " + describe(e), false, e);
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws ObjectStoreException {
    Path file = resolve(key);
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attrs.isRegularFile() ? Optional.of(info(key, attrs)) : Optional.empty();
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("STAT", key, e);
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws ObjectStoreException {
    ObjectKeys.requireValidPrefix(prefix);
    int lastSlash = prefix.lastIndexOf('/');
    Path start = lastSlash < 0 ? root : root.resolve(prefix.substring(0, lastSlash));
    List<ObjectInfo> objects = new ArrayList<>();
    try {
      walk(start, (file, attrs) -> {
        if (!isTempFile(file)) {
          String key = keyOf(file);
          if (key.startsWith(prefix)) {
            objects.add(info(key, attrs));
          }
        }
      });
    } catch (IOException e) {
      throw new ObjectStoreException("LIST " + location(prefix) + "*: " + describe(e), false, e);
    }
    objects.sort((a, b) -> ObjectKeys.ORDER.compare(a.key(), b.key()));
    return objects;
  }

  @Override
  public ObjectListing listPage(String prefix, String startAfter, int maxKeys) throws ObjectStoreException {
    checkMaxKeys(maxKeys);
    List<ObjectInfo> page = new ArrayList<>(Math.min(maxKeys, 1024));
    boolean truncated = false;
    for (ObjectInfo info : list(prefix)) {
      if (startAfter != null && ObjectKeys.ORDER.compare(info.key(), startAfter) <= 0) {
        continue;
      }
      if (page.size() == maxKeys) {
        truncated = true;
        break;
      }
      page.add(info);
    }
    return new ObjectListing(page, truncated);
  }

  // ----------------------------------------------------------------------------------------- views

  @Override
  public ObjectStore scoped(String subPrefix) {
    ObjectKeys.requireValidKey(subPrefix);
    return new LocalObjectStore(top, root.resolve(subPrefix), fsync);
  }

  /** This store: local operations have no deadline. */
  @Override
  public ObjectStore withDeadline(Duration deadline) {
    if (deadline == null || deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
    return this;
  }

  @Override
  public String location() {
    return root.toUri().toString().replaceFirst("/$", "");
  }

  @Override
  public String toString() {
    return "LocalObjectStore[" + location() + "]";
  }

  /** Nothing to release. */
  @Override
  public void close() {}

  // -------------------------------------------------------------------------------------- internals

  @FunctionalInterface
  private interface Body {
    void write(FileChannel channel) throws IOException;
  }

  @FunctionalInterface
  private interface FileVisitor {
    void visit(Path file, BasicFileAttributes attrs) throws IOException;
  }

  private void write(String operation, String key, Body body) throws ObjectStoreException {
    write(operation, key, body, -1);
  }

  private void write(String operation, String key, Body body, long promised) throws ObjectStoreException {
    Path target = resolve(key);
    Path dir = target.getParent();
    Path temp = null;
    try {
      FileChannel channel = null;
      for (int race = 0; channel == null; race++) {
        ensureDirectory(dir, key);
        temp = dir.resolve(ObjectKeys.RESERVED_SEGMENT_PREFIX + "-" + randomHex());
        try {
          channel = FileChannel.open(temp, CREATE_NEW, WRITE);
        } catch (NoSuchFileException e) {
          // a concurrent delete removed the directory we just made sure of; make it again
          if (race >= MAX_DIRECTORY_RACES) {
            throw e;
          }
        }
      }
      try (FileChannel out = channel) {
        body.write(out);
        if (fsync) {
          out.force(true);
        }
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw e;
        }
        throw new ObjectStoreException(operation + " " + location(key) + ": the key is also the prefix of other objects ("
            + key + "/...); a key cannot be both", false, e);
      }
      temp = null;
      if (fsync) {
        syncDirectory(dir);
      }
    } catch (SourceEndedException e) {
      throw ObjectStoreException.sourceTooShort(operation, location(key), e.read, promised);
    } catch (ObjectStoreException e) {
      throw e;
    } catch (IOException e) {
      throw failure(operation, key, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort; purgeIncompleteWrites removes it later
        }
      }
    }
  }

  /** Creates {@code dir} and its missing parents up to {@code top}, making each new entry durable. */
  private void ensureDirectory(Path dir, String key) throws IOException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (dir.equals(top) || !dir.startsWith(top)) {
      Files.createDirectories(dir);
      return;
    }
    ensureDirectory(dir.getParent(), key);
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      throw new ObjectStoreException("PUT " + location(key) + ": an object named " + keyOf(dir)
          + " exists, so " + keyOf(dir) + "/... cannot; a key cannot be both an object and a prefix", false, e);
    }
    if (fsync) {
      syncDirectory(dir.getParent());
    }
  }

  /** Removes {@code dir} and its parents while they are empty, up to (not including) {@code top}. */
  private void pruneEmptyDirectories(Path dir) throws IOException {
    Path current = dir;
    while (current != null && !current.equals(top) && current.startsWith(top)) {
      try {
        Files.delete(current);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      }
      if (fsync) {
        syncDirectory(current.getParent());
      }
      current = current.getParent();
    }
  }

  private FileChannel openForRead(String key, String operation) throws ObjectStoreException {
    Path file = resolve(key);
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw notFound(operation, key);
      }
      return FileChannel.open(file, READ);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw notFound(operation, key);
    } catch (ObjectStoreException e) {
      throw e;
    } catch (IOException e) {
      throw failure(operation, key, e);
    }
  }

  private void walk(Path start, FileVisitor visitor) throws IOException {
    if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(start, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          visitor.visit(file, attrs);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE; // deleted while we walked
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private Path resolve(String key) {
    return root.resolve(ObjectKeys.requireValidKey(key));
  }

  private String keyOf(Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  private static boolean isTempFile(Path file) {
    return file.getFileName().toString().startsWith(ObjectKeys.RESERVED_SEGMENT_PREFIX);
  }

  private static ObjectInfo info(String key, BasicFileAttributes attrs) {
    long mtimeNanos = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    Object fileKey = attrs.fileKey();
    String etag = Long.toHexString(attrs.size()) + "-" + Long.toHexString(mtimeNanos)
        + (fileKey == null ? "" : "-" + Integer.toHexString(fileKey.hashCode()));
    return new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant(), etag);
  }

  private String location(String key) {
    return location() + "/" + key;
  }

  private ObjectNotFoundException notFound(String operation, String key) {
    return new ObjectNotFoundException(key, operation + " " + location(key) + ": no such object");
  }

  private ObjectStoreException failure(String operation, String key, IOException e) {
    return new ObjectStoreException(operation + " " + location(key) + ": " + describe(e), false, e);
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  static void checkRange(long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("range offset and length must not be negative, got offset " + offset
          + " and length " + length);
    }
  }

  static void checkMaxKeys(int maxKeys) {
    if (maxKeys < 1 || maxKeys > 1000) {
      throw new IllegalArgumentException("maxKeys must be between 1 and 1000, got " + maxKeys);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, pos);
      if (n < 0) {
        throw new EOFException("the file ended at byte " + pos + " while it was read");
      }
      pos += n;
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, READ)) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path file, Throwable failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static String randomHex() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }
}
