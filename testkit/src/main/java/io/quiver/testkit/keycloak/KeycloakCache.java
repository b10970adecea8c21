package io.quiver.testkit.keycloak;

import io.quiver.testkit.Artifacts;
import io.quiver.testkit.process.TempDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Keycloak distribution unpacked, built ({@code kc build}) and started once, kept in
 * {@code $QUIVER_CACHE/keycloak-<version>-built} for every later run:
 *
 * <pre>
 * keycloak-&lt;version&gt;-built/
 *   fingerprint                  the marker: hash of version, build options, admin and layout
 *   home/                        the built distribution (never started from: read-only)
 *   template-db/keycloakdb.mv.db the H2 database after the first start (schema + master realm + admin)
 * </pre>
 *
 * <p>The entry is (re)built only when its {@code fingerprint} file differs from
 * {@link #fingerprint()}, so the build happens once per set of build options. Building happens in
 * a staging directory next to the entry, which replaces the entry only when complete; a file lock
 * ({@code keycloak-<version>-built.lock}) serializes builders across JVMs, a lock within this JVM.
 * Instances never write into the entry: {@link KeycloakExtension} hard-links it into a directory
 * of its own and copies the template database.
 *
 * <p>Thread safety: safe from any thread and any number of JVMs.
 */
public final class KeycloakCache {

    private static final System.Logger LOG = System.getLogger(KeycloakCache.class.getName());
    /** Bumped when the layout of an entry changes. */
    private static final int LAYOUT = 1;
    private static final String MARKER = "fingerprint";

    /** Produces a cache entry: the built distribution in {@code home}, the database at {@code templateDatabase}. */
    @FunctionalInterface
    public interface Preparation {
        void prepare(Path home, Path templateDatabase) throws Exception;
    }

    /** What {@link #ensurePrepared()} found or did. */
    public record Entry(Path home, Path templateDatabase, boolean preparedNow, Duration preparationTime) {
    }

    private static final ReentrantLock IN_JVM = new ReentrantLock();

    private final Path directory;
    private final String fingerprint;
    private final Preparation preparation;

    /** A cache entry at {@code directory} for {@code version} built with {@code buildOptions}. */
    public KeycloakCache(Path directory, String version, List<String> buildOptions, Preparation preparation) {
        this.directory = directory;
        this.fingerprint = fingerprint(version, buildOptions, KeycloakLauncher.ADMIN_USERNAME);
        this.preparation = preparation;
    }

    /** The testkit's cache entry: {@code $QUIVER_CACHE/keycloak-<version>-built}. */
    public static KeycloakCache standard() {
        String version = Artifacts.keycloakVersion();
        return new KeycloakCache(Artifacts.cacheDirectory().resolve("keycloak-" + version + "-built"),
                version, KeycloakLauncher.BUILD_OPTIONS, KeycloakLauncher::prepare);
    }

    /** The fingerprint of an entry for {@code version}, {@code buildOptions} and the admin user. */
    static String fingerprint(String version, List<String> buildOptions, String adminUsername) {
        String identity = "keycloak " + version + "\nbuild " + String.join(" ", buildOptions)
                + "\nadmin " + adminUsername + "\nlayout " + LAYOUT + "\n";
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fingerprint the entry must carry to be used. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The entry's directory. */
    public Path directory() {
        return directory;
    }

    /** Whether the entry exists with the current fingerprint. */
    public boolean isPrepared() {
        try {
            Path marker = directory.resolve(MARKER);
            return Files.isRegularFile(marker)
                    && Files.readString(marker, StandardCharsets.UTF_8).trim().equals(fingerprint);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns the entry, building it first if it is missing or has another fingerprint.
     *
     * @throws IllegalStateException if the build fails (the message carries the build's log tail)
     */
    @SuppressWarnings("try") // the lock is held for the body of the try, never referenced
    public Entry ensurePrepared() {
        if (isPrepared()) {
            return entry(false, Duration.ZERO);
        }
        IN_JVM.lock();
        try {
            Path parent = directory.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (FileChannel channel = FileChannel.open(parent.resolve(directory.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (isPrepared()) {
                    return entry(false, Duration.ZERO);
                }
                long begin = System.nanoTime();
                prepare(parent);
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                LOG.log(System.Logger.Level.INFO, "Keycloak cache {0} prepared in {1} s", directory,
                        String.format("%.1f", took.toMillis() / 1000.0));
                return entry(true, took);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Keycloak cache " + directory, e);
        } finally {
            IN_JVM.unlock();
        }
    }

    private void prepare(Path parent) throws IOException {
        LOG.log(System.Logger.Level.INFO, "preparing the Keycloak cache {0} (one-time build, about a minute)",
                directory);
        try (TempDirectory staging = TempDirectory.create(parent, directory.getFileName() + ".staging")) {
            try {
                preparation.prepare(staging.resolve("home"), staging.resolve("template-db").resolve("keycloakdb.mv.db"));
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the Keycloak cache", e);
            }
            Files.writeString(staging.resolve(MARKER), fingerprint + "\n", StandardCharsets.UTF_8);
            if (Files.exists(directory)) {
                Path stale = parent.resolve(directory.getFileName() + ".stale-" + ProcessHandle.current().pid());
                Files.move(directory, stale, StandardCopyOption.ATOMIC_MOVE);
                TempDirectory.deleteRecursively(stale);
            }
            Files.move(staging.path(), directory, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private Entry entry(boolean preparedNow, Duration took) {
        return new Entry(directory.resolve("home"), directory.resolve("template-db").resolve("keycloakdb.mv.db"),
                preparedNow, took);
    }

    /** Prepares the standard entry (used by {@code scripts/prereqs.sh}); prints nothing when it is ready. */
    public static void main(String[] args) {
        standard().ensurePrepared();
    }
}
