package io.quiver.testkit.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.testkit.process.FreePorts;
import io.quiver.testkit.process.LoopbackHttp;
import io.quiver.testkit.process.ManagedProcess;
import io.quiver.testkit.process.ProcessSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One etcd member of an {@link EtcdExtension}: its ports, data directory and process.
 *
 * <p>Ownership: the extension creates and closes members; tests may {@link #stop()},
 * {@link #kill()} and {@link #start()} a member to simulate failures. A member keeps its ports
 * and data directory across restarts, so it rejoins its cluster with its data.
 *
 * <p>Thread safety: the lifecycle methods are synchronized by the underlying
 * {@link ManagedProcess}; the accessors are immutable values.
 */
public final class EtcdMember {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A member that lost quorum takes ~7 s to exit on SIGTERM; do not wait longer than this. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final int clientPort;
    private final int peerPort;
    private final Path dataDirectory;
    private final ManagedProcess process;

    EtcdMember(Path etcd, String name, int clientPort, int peerPort, Path dataDirectory, String initialCluster,
               String clusterToken, Duration readyTimeout) {
        this.name = name;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.dataDirectory = dataDirectory;
        this.process = new ManagedProcess(ProcessSpec.builder("etcd-" + name)
                .command(List.of(etcd.toString(),
                        "--name", name,
                        "--data-dir", dataDirectory.toString(),
                        "--logger", "zap",
                        "--log-level", "info",
                        "--listen-client-urls", clientEndpoint(),
                        "--advertise-client-urls", clientEndpoint(),
                        "--listen-peer-urls", peerUrl(),
                        "--initial-advertise-peer-urls", peerUrl(),
                        "--initial-cluster", initialCluster,
                        "--initial-cluster-token", clusterToken,
                        "--initial-cluster-state", "new"))
                .readiness(member -> isHealthy())
                .readyTimeout(readyTimeout)
                .stopTimeout(STOP_TIMEOUT)
                .build());
    }

    /** The member name ({@code n1}, {@code n2}, ...). */
    public String name() {
        return name;
    }

    /** The client port on 127.0.0.1. */
    public int clientPort() {
        return clientPort;
    }

    /** The peer port on 127.0.0.1. */
    public int peerPort() {
        return peerPort;
    }

    /** {@code http://127.0.0.1:<client port>}, for jetcd's {@code Client.builder().endpoints(...)}. */
    public String clientEndpoint() {
        return "http://" + FreePorts.LOOPBACK + ":" + clientPort;
    }

    /** {@code http://127.0.0.1:<peer port>}. */
    public String peerUrl() {
        return "http://" + FreePorts.LOOPBACK + ":" + peerPort;
    }

    /** The data directory, kept across restarts until the extension is closed. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The process (pid, log file, liveness). */
    public ManagedProcess process() {
        return process;
    }

    /** The pid of the current (or last) run. */
    public long pid() {
        return process.pid();
    }

    /** Whether the member process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Starts the member on its ports and data directory and waits until it reports healthy,
     * which needs a quorum of the cluster to be running. No-op if it runs.
     */
    public synchronized void start() {
        if (!process.isAlive()) {
            process.start();
        }
    }

    /** Stops the member: SIGTERM, SIGKILL after 5 s. No-op if it is not running. */
    public void stop() {
        process.stop();
    }

    /** SIGKILLs the member (a crash) and waits until it is gone. No-op if it is not running. */
    public void kill() {
        process.kill();
    }

    /**
     * Whether {@code GET /health} answers {@code "health":"true"}: the member runs and the
     * cluster has a leader.
     */
    public boolean isHealthy() throws IOException, InterruptedException {
        HttpResponse<String> response = LoopbackHttp.get(URI.create(clientEndpoint() + "/health"));
        return response.statusCode() == 200 && JSON.readTree(response.body()).path("health").asText().equals("true");
    }

    /**
     * This member's view of the cluster, from the v3 gateway's {@code /v3/maintenance/status}.
     *
     * @throws IOException if the member does not answer
     */
    public Status status() throws IOException, InterruptedException {
        HttpResponse<String> response = LoopbackHttp.postJson(
                URI.create(clientEndpoint() + "/v3/maintenance/status"), "{}");
        if (response.statusCode() != 200) {
            throw new IOException(name + ": status answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        return new Status(Long.parseUnsignedLong(body.path("header").path("member_id").asText("0")),
                Long.parseUnsignedLong(body.path("leader").asText("0")),
                Long.parseLong(body.path("raftTerm").asText("0")));
    }

    /**
     * A member's status.
     *
     * @param memberId this member's id
     * @param leaderId the id of the leader it follows, 0 if it knows none
     * @param raftTerm the raft term it is in
     */
    public record Status(long memberId, long leaderId, long raftTerm) {
        /** Whether this member is the leader. */
        public boolean isLeader() {
            return memberId != 0 && memberId == leaderId;
        }
    }

    @Override
    public String toString() {
        return "etcd member " + name + " (" + clientEndpoint() + ", " + process + ")";
    }
}
