package io.quiver.testkit.s3;

import io.quiver.testkit.Artifacts;
import io.quiver.testkit.ServiceExtension;
import io.quiver.testkit.jvm.JavaProcess;
import io.quiver.testkit.process.FreePorts;
import io.quiver.testkit.process.ManagedProcess;
import io.quiver.testkit.process.ReadinessProbe;
import io.quiver.testkit.process.TempDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An S3-compatible server: s3proxy (the {@code jar-with-dependencies} from Maven Central, run
 * as its own {@code java -jar} process on the running JDK) with the {@code filesystem-nio2}
 * backend in a fresh temporary directory, on a free 127.0.0.1 port, signature v2 or v4.
 *
 * <pre>{@code
 * @RegisterExtension static S3Extension s3 = S3Extension.create();
 * ...
 * MinioClient minio = MinioClient.builder().endpoint(s3.endpoint())
 *         .credentials(s3.accessKey(), s3.secretKey()).region(s3.region()).build();
 * }</pre>
 *
 * {@link #stop()} and {@link #start()} take S3 down and bring it back on the same port with the
 * same buckets and objects. The lifecycle is that of {@link ServiceExtension}.
 *
 * <p>Thread safety: lifecycle methods are synchronized; accessors may be called from any thread
 * once the service was started.
 */
public final class S3Extension extends ServiceExtension {

    /** The access key (s3proxy identity) every instance accepts. */
    public static final String ACCESS_KEY = "quiver";
    /** The secret key (s3proxy credential) every instance accepts. */
    public static final String SECRET_KEY = "quiver-secret-key";
    /** The region clients should sign for; s3proxy accepts any. */
    public static final String REGION = "us-east-1";

    private volatile TempDirectory directory;
    private volatile int port;
    private volatile ManagedProcess process;

    private S3Extension() {
        super("s3proxy");
    }

    /** An s3proxy server with an empty filesystem store. */
    public static S3Extension create() {
        return new S3Extension();
    }

    @Override
    protected void allocate() {
        Path jar = Artifacts.resolve(Artifacts.S3PROXY);
        directory = TempDirectory.create("s3");
        port = FreePorts.next();
        Path data = directory.resolve("data");
        Path config = directory.resolve("s3proxy.conf");
        try {
            Files.createDirectories(data);
            Files.writeString(config, String.join("\n",
                    "s3proxy.endpoint=" + url(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY,
                    "jclouds.filesystem.basedir=" + data,
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the s3proxy configuration in " + directory.path(), e);
        }
        process = new ManagedProcess(JavaProcess.jar("s3proxy", jar)
                .withoutProjectFlags()
                .jvmOptions("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        // s3proxy's libraries use Unsafe and JNI; keep its log free of the warnings
                        "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED")
                .args("--properties", config.toString())
                .spec()
                .workingDirectory(directory.path())
                // an anonymous GET / answering (403) means it is up
                .readiness(ReadinessProbe.httpStatus(URI.create(url() + "/"), status -> status > 0))
                .readyTimeout(Duration.ofSeconds(90))
                .stopTimeout(Duration.ofSeconds(10))
                .build());
    }

    @Override
    protected void launch() {
        process.start();
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

    /** {@code http://127.0.0.1:<port>}: the endpoint for S3 clients. */
    public String endpoint() {
        requireAllocated();
        return url();
    }

    private String url() {
        return "http://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** The port on 127.0.0.1. */
    public int port() {
        requireAllocated();
        return port;
    }

    /** The access key ({@value #ACCESS_KEY}). */
    public String accessKey() {
        return ACCESS_KEY;
    }

    /** The secret key ({@value #SECRET_KEY}). */
    public String secretKey() {
        return SECRET_KEY;
    }

    /** The region to sign for ({@value #REGION}). */
    public String region() {
        return REGION;
    }

    /** Where the buckets live (one directory per bucket); kept across stop/start, deleted by {@link #close()}. */
    public Path dataDirectory() {
        requireAllocated();
        return directory.resolve("data");
    }

    /** The s3proxy process (pid, log file). */
    public ManagedProcess process() {
        requireAllocated();
        return process;
    }
}
