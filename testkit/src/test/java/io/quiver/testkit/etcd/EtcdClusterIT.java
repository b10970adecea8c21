package io.quiver.testkit.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdClusterIT {

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.cluster(3);

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, UTF_8);
    }

    private static Client clientFor(List<String> endpoints) {
        return Client.builder().endpoints(endpoints.toArray(String[]::new)).build();
    }

    private static String get(KV kv, String key) throws Exception {
        var kvs = kv.get(bytes(key)).get(30, TimeUnit.SECONDS).getKvs();
        return kvs.isEmpty() ? null : kvs.getFirst().getValue().toString(UTF_8);
    }

    @Test
    void runsThreeMembersOnDistinctPortsWithOneLeader() {
        assertThat(etcd.members()).hasSize(3).allMatch(EtcdMember::isAlive);
        assertThat(etcd.members().stream().flatMap(m -> Stream.of(m.clientPort(), m.peerPort()))
                .distinct()).hasSize(6);
        assertThat(etcd.awaitLeader(Duration.ofSeconds(30))).isIn(etcd.members());
    }

    @Test
    void keepsAcceptingWritesAfterLeaderIsKilled() throws Exception {
        try (Client client = clientFor(etcd.endpoints())) {
            client.getKVClient().put(bytes("/cluster/before"), bytes("1")).get(30, TimeUnit.SECONDS);
        }

        EtcdMember killed = etcd.killLeader();

        assertThat(killed.isAlive()).isFalse();
        assertThat(ProcessHandle.of(killed.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(etcd.liveEndpoints()).hasSize(2).doesNotContain(killed.clientEndpoint());
        try (Client survivors = clientFor(etcd.liveEndpoints())) {
            KV kv = survivors.getKVClient();
            // while the survivors elect a new leader (about one election timeout, 1 s) etcd
            // answers "request timed out, possibly due to previous leader failure": retry
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> kv.put(bytes("/cluster/first-after-kill"), bytes("ok")).get(10, TimeUnit.SECONDS) != null);
            for (int i = 0; i < 20; i++) {
                kv.put(bytes("/cluster/after/" + i), bytes(Integer.toString(i))).get(30, TimeUnit.SECONDS);
            }
            assertThat(get(kv, "/cluster/before")).isEqualTo("1");
            assertThat(get(kv, "/cluster/after/19")).isEqualTo("19");
        }
        EtcdMember newLeader = etcd.awaitLeader(Duration.ofSeconds(30));
        assertThat(newLeader).isNotSameAs(killed);
        assertThat(newLeader.isAlive()).isTrue();
    }

    @Test
    void stoppedMemberRejoinsAndCatchesUp() throws Exception {
        EtcdMember member = etcd.member(2);
        member.stop();
        assertThat(member.isAlive()).isFalse();
        try (Client others = clientFor(etcd.liveEndpoints())) {
            others.getKVClient().put(bytes("/cluster/while-n3-was-down"), bytes("caught-up")).get(30, TimeUnit.SECONDS);
        }

        member.start();

        try (Client rejoined = clientFor(List.of(member.clientEndpoint()))) {
            assertThat(get(rejoined.getKVClient(), "/cluster/while-n3-was-down")).isEqualTo("caught-up");
        }
    }

    @Test
    void wholeClusterComesBackWithItsDataAfterStop() throws Exception {
        try (Client client = clientFor(etcd.endpoints())) {
            client.getKVClient().put(bytes("/cluster/durable"), bytes("yes")).get(30, TimeUnit.SECONDS);
        }
        List<String> endpoints = etcd.endpoints();

        etcd.stop();
        assertThat(etcd.members()).noneMatch(EtcdMember::isAlive);
        etcd.start();

        assertThat(etcd.endpoints()).isEqualTo(endpoints);
        try (Client client = clientFor(endpoints)) {
            assertThat(get(client.getKVClient(), "/cluster/durable")).isEqualTo("yes");
        }
    }
}
