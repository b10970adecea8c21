package io.quiver.testkit;

import io.quiver.testkit.process.ManagedProcess;
import io.quiver.testkit.process.ProcessSpec;
import io.quiver.testkit.process.TempDirectory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The downloaded artifacts the services run from (the s3proxy jar, the Keycloak distribution),
 * kept in {@code $QUIVER_CACHE/artifacts} and downloaded with
 * {@code mvn dependency:copy} when missing: the same code path {@code scripts/prereqs.sh} runs.
 *
 * <p>Versions come from the root pom ({@code keycloak.version}, {@code s3proxy.version}),
 * filtered into this module's {@code versions.properties} at build time.
 *
 * <p>Thread safety: safe from any thread and any number of JVMs: downloads are serialized by a
 * file lock and land in place atomically.
 */
public final class Artifacts {

    private static final System.Logger LOG = System.getLogger(Artifacts.class.getName());
    private static final Properties VERSIONS = loadVersions();
    private static final ReentrantLock DOWNLOAD_LOCK = new ReentrantLock();

    /** {@code org.gaul:s3proxy:<s3proxy.version>:jar:jar-with-dependencies}. */
    public static final Artifact S3PROXY = new Artifact("org.gaul", "s3proxy", version("s3proxy.version"),
            "jar", "jar-with-dependencies");

    /** {@code org.keycloak:keycloak-quarkus-dist:<keycloak.version>:zip}. */
    public static final Artifact KEYCLOAK_DIST = new Artifact("org.keycloak", "keycloak-quarkus-dist",
            version("keycloak.version"), "zip", null);

    private Artifacts() {
    }

    /** A Maven artifact; {@code classifier} may be {@code null}. */
    public record Artifact(String groupId, String artifactId, String version, String type, String classifier) {

        /** {@code groupId:artifactId:version:type[:classifier]}, as {@code dependency:copy -Dartifact} takes it. */
        public String coordinates() {
            return groupId + ":" + artifactId + ":" + version + ":" + type + (classifier == null ? "" : ":" + classifier);
        }

        /** The file name {@code dependency:copy} writes. */
        public String fileName() {
            return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type;
        }
    }

    /**
     * The testkit's cache: {@code $QUIVER_CACHE}, else {@code $XDG_CACHE_HOME/quiver}, else
     * {@code ~/.cache/quiver} (the same rule as {@code scripts/env.sh}).
     */
    public static Path cacheDirectory() {
        String configured = System.getenv("QUIVER_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("quiver");
    }

    /** Where artifacts are kept: {@code <cache>/artifacts}. */
    public static Path artifactsDirectory() {
        return cacheDirectory().resolve("artifacts");
    }

    /** The Keycloak version the testkit runs. */
    public static String keycloakVersion() {
        return KEYCLOAK_DIST.version();
    }

    /**
     * The artifact's file in the cache, downloaded first if it is not there.
     *
     * @throws IllegalStateException if the download fails (the message says why and what to run)
     */
    @SuppressWarnings("try") // the lock is held for the body of the try, never referenced
    public static Path resolve(Artifact artifact) {
        Path file = artifactsDirectory().resolve(artifact.fileName());
        if (Files.isRegularFile(file)) {
            return file;
        }
        DOWNLOAD_LOCK.lock();
        try {
            Files.createDirectories(artifactsDirectory());
            try (FileChannel channel = FileChannel.open(artifactsDirectory().resolve(".download.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.isRegularFile(file)) {
                    download(artifact, file);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + artifact.coordinates(), e);
        } finally {
            DOWNLOAD_LOCK.unlock();
        }
    }

    private static void download(Artifact artifact, Path target) throws IOException {
        LOG.log(System.Logger.Level.INFO, "downloading {0} into {1}", artifact.coordinates(), target.getParent());
        try (TempDirectory staging = TempDirectory.create(artifactsDirectory(), "download")) {
            List<String> command = List.of(mavenExecutable(), "-B", "-q",
                    "org.apache.maven.plugins:maven-dependency-plugin:" + version("dependency-plugin.version") + ":copy",
                    "-Dartifact=" + artifact.coordinates(),
                    "-DoutputDirectory=" + staging.path());
            // run outside any project, so no pom.xml around the working directory is read
            ManagedProcess mvn = new ManagedProcess(ProcessSpec.builder("mvn-" + artifact.artifactId())
                    .command(command)
                    .workingDirectory(staging.path())
                    .logFile(staging.resolve("mvn.log"))
                    .build());
            int exit;
            try {
                exit = mvn.runToCompletion(Duration.ofMinutes(20));
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot run " + String.join(" ", command)
                        + " (is Maven installed? run scripts/prereqs.sh)", e);
            }
            Path downloaded = staging.resolve(artifact.fileName());
            if (exit != 0 || !Files.isRegularFile(downloaded)) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exit
                        + "; run scripts/prereqs.sh, or fetch the artifact into " + target.getParent()
                        + "\n" + mvn.logTail(40));
            }
            Files.move(downloaded, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static String mavenExecutable() {
        String mavenHome = System.getProperty("maven.home");
        if (mavenHome != null && Files.isExecutable(Path.of(mavenHome, "bin", "mvn"))) {
            return Path.of(mavenHome, "bin", "mvn").toString();
        }
        return Executables.find("mvn", "install Maven 3.8+ (apt-get install maven)").toString();
    }

    private static String version(String key) {
        String value = VERSIONS.getProperty(key);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException("versions.properties has no filtered value for " + key
                    + ": build the testkit with Maven");
        }
        return value;
    }

    private static Properties loadVersions() {
        Properties properties = new Properties();
        try (InputStream in = Artifacts.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/quiver/testkit/versions.properties is missing from the classpath "
                        + "(classpath: " + System.getProperty("java.class.path").replace(File.pathSeparator, " ") + ")");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
