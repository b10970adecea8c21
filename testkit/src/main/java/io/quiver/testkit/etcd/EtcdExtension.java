package io.quiver.testkit.etcd;

import io.quiver.testkit.Executables;
import io.quiver.testkit.ServiceExtension;
import io.quiver.testkit.process.FreePorts;
import io.quiver.testkit.process.ManagedProcess;
import io.quiver.testkit.process.TempDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real etcd (Debian's {@code etcd-server}, v3 API) of one or more members on free 127.0.0.1
 * ports, each with a data directory in a fresh temporary directory.
 *
 * <pre>{@code
 * @RegisterExtension static EtcdExtension etcd = EtcdExtension.singleNode();
 * ...
 * Client client = Client.builder().endpoints(etcd.endpoints().toArray(String[]::new)).build();
 * }</pre>
 *
 * A cluster ({@link #cluster(int)}) can lose members: {@link #killLeader()}, {@link #member(int)}
 * {@code .kill()/.stop()/.start()}. {@link #stop()} and {@link #start()} take the whole service
 * down and bring it back on the same ports and data. The lifecycle is that of
 * {@link ServiceExtension}; before each test a class-level cluster restarts members that an
 * earlier test stopped or killed.
 *
 * <p>Thread safety: lifecycle methods are synchronized; accessors may be called from any thread
 * once the service was started.
 */
public final class EtcdExtension extends ServiceExtension {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int size;
    private volatile TempDirectory directory;
    private volatile List<EtcdMember> members = List.of();

    private EtcdExtension(int size) {
        super(size == 1 ? "etcd" : "etcd cluster of " + size);
        if (size < 1) {
            throw new IllegalArgumentException("an etcd cluster needs at least one member, not " + size);
        }
        this.size = size;
    }

    /** One etcd member. */
    public static EtcdExtension singleNode() {
        return new EtcdExtension(1);
    }

    /** A cluster of {@code size} members (use an odd number: 3 survives losing one). */
    public static EtcdExtension cluster(int size) {
        return new EtcdExtension(size);
    }

    @Override
    protected void allocate() {
        Path etcd = Executables.find("etcd", "run scripts/prereqs.sh (installs the Debian package etcd-server)");
        directory = TempDirectory.create("etcd");
        String token = "quiver-" + UUID.randomUUID();
        List<String> names = new ArrayList<>();
        int[] clientPorts = FreePorts.next(size);
        int[] peerPorts = FreePorts.next(size);
        for (int i = 0; i < size; i++) {
            names.add("n" + (i + 1));
        }
        String initialCluster = IntStream.range(0, size)
                .mapToObj(i -> names.get(i) + "=http://" + FreePorts.LOOPBACK + ":" + peerPorts[i])
                .collect(Collectors.joining(","));
        List<EtcdMember> created = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            // etcd creates the data directory itself, with the 0700 mode it insists on
            created.add(new EtcdMember(etcd, names.get(i), clientPorts[i], peerPorts[i],
                    directory.resolve(names.get(i) + ".etcd"), initialCluster, token, READY_TIMEOUT));
        }
        members = List.copyOf(created);
    }

    @Override
    protected void launch() {
        // all members must run before any can elect a leader and report healthy
        for (EtcdMember member : members) {
            if (!member.isAlive()) {
                member.process().spawn();
            }
        }
        for (EtcdMember member : members) {
            member.process().awaitReady();
        }
    }

    @Override
    protected void halt() {
        // One after the other, the leader last: a follower stopped while there is a leader, and a
        // leader left alone, exit in ~0.1 s; members stopped together, or a follower left
        // without a leader, take ~7 s (SIGKILL comes after 5 s).
        Optional<EtcdMember> leader = leader();
        members.stream().filter(member -> leader.map(l -> l != member).orElse(true)).forEach(EtcdMember::stop);
        leader.ifPresent(EtcdMember::stop);
    }

    @Override
    protected void release() {
        TempDirectory current = directory;
        if (current != null) {
            current.close();
        }
    }

    /** Starts the service if it is stopped, and members that were stopped or killed. */
    @Override
    protected synchronized void repair() {
        if (!isRunning()) {
            start();
        } else if (members.stream().anyMatch(member -> !member.isAlive())) {
            launch();
        }
    }

    /** The members, in order {@code n1, n2, ...}. */
    public List<EtcdMember> members() {
        requireAllocated();
        return members;
    }

    /** The member at {@code index} (0-based). */
    public EtcdMember member(int index) {
        return members().get(index);
    }

    /** The client endpoints of all members ({@code http://127.0.0.1:port}), alive or not. */
    public List<String> endpoints() {
        return members().stream().map(EtcdMember::clientEndpoint).toList();
    }

    /** The client endpoints of the members that are running now. */
    public List<String> liveEndpoints() {
        return members().stream().filter(EtcdMember::isAlive).map(EtcdMember::clientEndpoint).toList();
    }

    /** The first member's client endpoint; for a single node, the endpoint. */
    public String endpoint() {
        return member(0).clientEndpoint();
    }

    /** The temporary directory holding every member's data directory; deleted by {@link #close()}. */
    public Path directory() {
        requireAllocated();
        return directory.path();
    }

    /** The member processes (pid, log file). */
    public List<ManagedProcess> processes() {
        return members().stream().map(EtcdMember::process).toList();
    }

    /**
     * The running member that reports itself as the leader ({@code /v3/maintenance/status}),
     * or empty if none does right now (during an election, or without quorum).
     */
    public Optional<EtcdMember> leader() {
        List<EtcdMember> live = members().stream().filter(EtcdMember::isAlive).toList();
        for (EtcdMember candidate : live) {
            EtcdMember.Status status;
            try {
                status = candidate.status();
            } catch (IOException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (status.isLeader()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Waits until the running members have a leader and returns it.
     *
     * @throws IllegalStateException if there is none within {@code timeout}
     */
    public EtcdMember awaitLeader(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<EtcdMember> leader = leader();
            if (leader.isPresent()) {
                return leader.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no etcd leader among the running members within "
                        + timeout.toSeconds() + " s: " + members);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an etcd leader", e);
            }
        }
    }

    /** SIGKILLs the current leader (waiting up to 30 s for one) and returns it. */
    public EtcdMember killLeader() {
        EtcdMember leader = awaitLeader(Duration.ofSeconds(30));
        leader.kill();
        return leader;
    }
}
