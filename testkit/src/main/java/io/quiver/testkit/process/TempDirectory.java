package io.quiver.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A directory that belongs to one service instance and is deleted, with everything in it, by
 * {@link #close()} (or by the JVM shutdown hook if nobody closed it).
 *
 * <p>Directories are named {@code quiver-<owner pid>-<service>-<random>}; the first directory
 * created under a root in a JVM deletes the directories there whose owner process no longer
 * exists (left behind by a JVM that was SIGKILLed).
 *
 * <p>Thread safety: {@link #close()} is idempotent and may be called from any thread; the
 * owner must make sure no process still writes to the directory when it is closed.
 */
public final class TempDirectory implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TempDirectory.class.getName());
    private static final String PREFIX = "quiver-";
    private static final Set<Path> SWEPT_ROOTS = ConcurrentHashMap.newKeySet();

    private final Path path;
    private volatile boolean closed;

    private TempDirectory(Path path) {
        this.path = path;
    }

    /** The default root: {@code ${java.io.tmpdir}/quiver-testkit}. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "quiver-testkit");
    }

    /** Creates a fresh directory for {@code service} under {@link #defaultRoot()}. */
    public static TempDirectory create(String service) {
        return create(defaultRoot(), service);
    }

    /** Creates a fresh directory for {@code service} under {@code root} (created if missing). */
    public static TempDirectory create(Path root, String service) {
        try {
            Files.createDirectories(root);
            if (SWEPT_ROOTS.add(root.toAbsolutePath().normalize())) {
                sweepOrphans(root);
            }
            Path path = Files.createTempDirectory(root, PREFIX + ChildProcesses.ownerPid() + "-" + service + "-");
            ChildProcesses.registerDirectory(path);
            return new TempDirectory(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for " + service + " under " + root, e);
        }
    }

    /** The directory; it exists until {@link #close()}. */
    public Path path() {
        return path;
    }

    /** Shorthand for {@code path().resolve(other)}. */
    public Path resolve(String other) {
        return path.resolve(other);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Deletes the directory and everything in it; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        deleteRecursively(path);
        ChildProcesses.forgetDirectory(path);
    }

    /** Deletes {@code path} and, if it is a directory, everything under it; absent is fine. */
    public static void deleteRecursively(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    private static void sweepOrphans(Path root) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (!name.startsWith(PREFIX)) {
                    continue;
                }
                int end = name.indexOf('-', PREFIX.length());
                if (end < 0) {
                    continue;
                }
                long owner;
                try {
                    owner = Long.parseLong(name.substring(PREFIX.length(), end));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(owner).isEmpty()) {
                    LOG.log(System.Logger.Level.INFO, "deleting {0}, left behind by pid {1}", child, Long.toString(owner));
                    try {
                        deleteRecursively(child);
                    } catch (UncheckedIOException e) {
                        LOG.log(System.Logger.Level.WARNING, "cannot delete " + child, e);
                    }
                }
            }
        }
    }
}
