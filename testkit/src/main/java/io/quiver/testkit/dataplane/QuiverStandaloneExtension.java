package io.quiver.testkit.dataplane;

import io.quiver.testkit.jvm.JavaProcess;
import io.quiver.testkit.jvm.JavaServerExtension;
import io.quiver.testkit.process.FreePorts;
import io.quiver.testkit.process.ReadinessProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code quiver standalone} (the data-plane server, main class
 * {@code io.quiver.server.cli.Main}) in its own JVM on a free loopback port, with its data
 * directory inside the extension's work directory, so a {@link #kill()} followed by a restart
 * recovers the same data. The server classes come from this JVM's classpath: use it from the
 * tests of a module that depends on the server.
 *
 * <pre>{@code
 * @RegisterExtension
 * static QuiverStandaloneExtension quiver = QuiverStandaloneExtension.create().with("segment.max-rows", "2048");
 * MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(quiver.uri()).build());
 * }</pre>
 *
 * <p>Lifecycle and thread safety are those of {@link JavaServerExtension}.
 */
public final class QuiverStandaloneExtension extends JavaServerExtension {

    /** Main class of the data-plane process. */
    public static final String MAIN_CLASS = "io.quiver.server.cli.Main";

    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<java.util.function.Supplier<Map<String, String>>> lazySettings = new ArrayList<>();
    private volatile int port;

    private QuiverStandaloneExtension() {
        super("quiver-standalone");
    }

    public static QuiverStandaloneExtension create() {
        return new QuiverStandaloneExtension();
    }

    /** Sets a server configuration key (see docs/configuration.md); call before the first start. */
    public QuiverStandaloneExtension with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /**
     * Adds configuration keys computed when the server starts (e.g. the endpoint of an S3 or etcd
     * extension registered before this one); they override {@link #with} values.
     */
    public QuiverStandaloneExtension withLazySettings(java.util.function.Supplier<Map<String, String>> settingsSupplier) {
        lazySettings.add(settingsSupplier);
        return this;
    }

    /**
     * Keeps segments (and, by default, write-ahead logs) in the S3 server of {@code s3}, an extension
     * registered before this one: sets {@code storage.object-store=s3} and, at start, its endpoint,
     * credentials and region. Set the bucket with {@link #with}.
     */
    public QuiverStandaloneExtension withS3(io.quiver.testkit.s3.S3Extension s3) {
        settings.put("storage.object-store", "s3");
        return withLazySettings(() -> Map.of(
                "storage.s3.endpoint", s3.endpoint(),
                "storage.s3.access-key-id", s3.accessKey(),
                "storage.s3.secret-access-key", s3.secretKey(),
                "storage.s3.region", s3.region()));
    }

    /** Keeps the catalog in the etcd of {@code etcd}, an extension registered before this one. */
    public QuiverStandaloneExtension withEtcd(io.quiver.testkit.etcd.EtcdExtension etcd) {
        settings.put("storage.catalog", "etcd");
        return withLazySettings(() -> Map.of("storage.etcd.endpoints", String.join(",", etcd.endpoints())));
    }

    /** Adds JVM options (e.g. {@code -Xmx512m}) to the server process; call before the first start. */
    public QuiverStandaloneExtension jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    @Override
    protected void choosePorts() {
        port = FreePorts.next();
    }

    @Override
    protected JavaProcess.Builder command(Path workDirectory) {
        List<String> args = new ArrayList<>(List.of("standalone", "--host", FreePorts.LOOPBACK, "--port",
                Integer.toString(port), "--data-dir", dataDirectory(workDirectory).toString()));
        Map<String, String> all = new LinkedHashMap<>(settings);
        lazySettings.forEach(supplier -> all.putAll(supplier.get()));
        all.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return JavaProcess.builder("quiver-standalone", MAIN_CLASS)
                .jvmOptions(jvmOptions.toArray(String[]::new))
                .args(args);
    }

    @Override
    protected ReadinessProbe readiness() {
        return ReadinessProbe.tcpPort(port);
    }

    private static Path dataDirectory(Path workDirectory) {
        return workDirectory.resolve("data");
    }

    /** The gRPC port. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}, the URI Milvus SDKs take. */
    public String uri() {
        return "http://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** {@code 127.0.0.1:PORT}, the address form the Node SDK takes. */
    public String address() {
        return FreePorts.LOOPBACK + ":" + port;
    }

    /** The server's data directory (kept across kills and restarts). */
    public Path dataDirectory() {
        return dataDirectory(workDirectory());
    }
}
