package io.quiver.testkit.keycloak;

import io.quiver.testkit.Artifacts;
import io.quiver.testkit.ServiceExtension;
import io.quiver.testkit.process.FreePorts;
import io.quiver.testkit.process.ManagedProcess;
import io.quiver.testkit.process.ReadinessProbe;
import io.quiver.testkit.process.TempDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * A real Keycloak server (the {@code keycloak-quarkus-dist} from Maven Central) on free
 * 127.0.0.1 ports, started in production mode with {@code --optimized} from the build kept by
 * {@link KeycloakCache} (built once per machine, about a minute; later starts take seconds), with
 * an embedded H2 database of its own and optional realms imported at start.
 *
 * <pre>{@code
 * @RegisterExtension static KeycloakExtension keycloak = KeycloakExtension.create()
 *         .withRealmJson("{\"realm\": \"quiver\", \"enabled\": true}");
 * ...
 * try (Keycloak admin = keycloak.adminClient()) { admin.realms().findAll(); }
 * }</pre>
 *
 * <p>Each instance runs from its own directory: the cached distribution hard-linked (copied if
 * the cache is on another file system), a copy of the cached database, the realm files in
 * {@code data/import}. Instances never write into the cache, so any number may run at once.
 * The administrator ({@link #adminUsername()}/{@link #adminPassword()}) is the bootstrap admin of
 * the cached database. The lifecycle is that of {@link ServiceExtension}; {@link #stop()} and
 * {@link #start()} keep ports and data.
 *
 * <p>Thread safety: lifecycle methods are synchronized; configure realms before the first start;
 * accessors may be called from any thread once the service was started.
 */
public final class KeycloakExtension extends ServiceExtension {

    private static final System.Logger LOG = System.getLogger(KeycloakExtension.class.getName());

    private final KeycloakCache cache;
    private final List<String> realmJsons = new ArrayList<>();
    private final List<Path> realmFiles = new ArrayList<>();
    private volatile TempDirectory directory;
    private volatile int httpPort;
    private volatile int managementPort;
    private volatile ManagedProcess process;
    private volatile boolean cacheWasWarm;

    private KeycloakExtension(KeycloakCache cache) {
        super("keycloak");
        this.cache = cache;
    }

    /** A Keycloak with only the master realm (plus realms added with the {@code withRealm...} methods). */
    public static KeycloakExtension create() {
        return new KeycloakExtension(KeycloakCache.standard());
    }

    /** Imports the realm in {@code file} (a realm export / representation JSON) at start. */
    public synchronized KeycloakExtension withRealmFile(Path file) {
        realmFiles.add(file);
        return this;
    }

    /** Imports the realm given as JSON (a {@code RealmRepresentation}) at start. */
    public synchronized KeycloakExtension withRealmJson(String json) {
        realmJsons.add(json);
        return this;
    }

    @Override
    protected synchronized void allocate() {
        KeycloakCache.Entry entry = cache.ensurePrepared();
        cacheWasWarm = !entry.preparedNow();
        directory = TempDirectory.create(Artifacts.cacheDirectory().resolve("keycloak-instances"), "keycloak");
        Path home = directory.resolve("home");
        try {
            linkTree(entry.home(), home);
            Path database = home.resolve("data").resolve("h2").resolve("keycloakdb.mv.db");
            Files.createDirectories(database.getParent());
            Files.copy(entry.templateDatabase(), database);
            Path imports = home.resolve("data").resolve("import");
            Files.createDirectories(imports);
            int n = 0;
            for (Path file : realmFiles) {
                Files.copy(file, imports.resolve("realm-" + (++n) + ".json"));
            }
            for (String json : realmJsons) {
                Files.writeString(imports.resolve("realm-" + (++n) + ".json"), json, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up a Keycloak instance in " + directory.path(), e);
        }
        httpPort = FreePorts.next();
        managementPort = FreePorts.next();
        process = new ManagedProcess(KeycloakLauncher.spec("keycloak", home,
                        KeycloakLauncher.startArgs(httpPort, managementPort,
                                !realmFiles.isEmpty() || !realmJsons.isEmpty()))
                .readiness(ReadinessProbe.httpOk(KeycloakLauncher.readyUri(managementPort)))
                .readyTimeout(KeycloakLauncher.READY_TIMEOUT)
                .build());
    }

    /** Mirrors {@code source} into {@code target} with hard links (copies across file systems). */
    private static void linkTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                    continue;
                }
                try {
                    Files.createLink(copy, path);
                } catch (FileSystemException | UnsupportedOperationException e) {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Override
    protected void launch() {
        long begin = System.nanoTime();
        process.start();
        LOG.log(System.Logger.Level.INFO, "Keycloak {0} started in {1} s (cache {2}) at {3}",
                Artifacts.keycloakVersion(), String.format("%.1f", (System.nanoTime() - begin) / 1e9),
                cacheWasWarm ? "warm" : "built in this run", baseUrl());
    }

    @Override
    protected void halt() {
        ManagedProcess current = process;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    protected void release() {
        TempDirectory current = directory;
        if (current != null) {
            current.close();
        }
    }

    /** {@code http://127.0.0.1:<http port>}: the server URL for clients and the admin client. */
    public String baseUrl() {
        return "http://" + FreePorts.LOOPBACK + ":" + httpPort();
    }

    /** The HTTP port on 127.0.0.1. */
    public int httpPort() {
        requireAllocated();
        return httpPort;
    }

    /** The management port on 127.0.0.1 ({@code /health}, {@code /health/ready}). */
    public int managementPort() {
        requireAllocated();
        return managementPort;
    }

    /** {@code http://127.0.0.1:<management port>}. */
    public String managementUrl() {
        return "http://" + FreePorts.LOOPBACK + ":" + managementPort();
    }

    /** The administrator of the master realm. */
    public String adminUsername() {
        return KeycloakLauncher.ADMIN_USERNAME;
    }

    /** The administrator's password. */
    public String adminPassword() {
        return KeycloakLauncher.ADMIN_PASSWORD;
    }

    /**
     * A new admin client logged in to the master realm as the administrator (client
     * {@code admin-cli}). The caller owns it and must close it.
     */
    public Keycloak adminClient() {
        return KeycloakBuilder.builder()
                .serverUrl(baseUrl())
                .realm("master")
                .clientId("admin-cli")
                .username(adminUsername())
                .password(adminPassword())
                .build();
    }

    /** The issuer of tokens of {@code realm}: {@code <base url>/realms/<realm>}. */
    public String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** The token endpoint of {@code realm}. */
    public URI tokenEndpoint(String realm) {
        return URI.create(issuer(realm) + "/protocol/openid-connect/token");
    }

    /** The JWKS (signing keys) endpoint of {@code realm}. */
    public URI jwksUri(String realm) {
        return URI.create(issuer(realm) + "/protocol/openid-connect/certs");
    }

    /** The Keycloak process (pid, log file). */
    public ManagedProcess process() {
        requireAllocated();
        return process;
    }

    /** The instance's directory (its distribution, database and imports); deleted by {@link #close()}. */
    public Path directory() {
        requireAllocated();
        return directory.path();
    }
}
