package io.quiver.testkit.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdSingleNodeIT {

    @RegisterExtension
    static final EtcdExtension etcd = EtcdExtension.singleNode();

    private Client client;

    @BeforeEach
    void connect() {
        client = Client.builder().endpoints(etcd.endpoints().toArray(String[]::new)).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, UTF_8);
    }

    private String get(String key) throws Exception {
        var kvs = client.getKVClient().get(bytes(key)).get(30, TimeUnit.SECONDS).getKvs();
        return kvs.isEmpty() ? null : kvs.getFirst().getValue().toString(UTF_8);
    }

    @Test
    void putThenGetReturnsTheValue() throws Exception {
        KV kv = client.getKVClient();

        kv.put(bytes("/quiver/put-get"), bytes("v1")).get(30, TimeUnit.SECONDS);

        assertThat(get("/quiver/put-get")).isEqualTo("v1");
        assertThat(etcd.members()).hasSize(1);
        assertThat(etcd.endpoint()).startsWith("http://127.0.0.1:");
    }

    @Test
    void watchSeesPutsAndDeletes() throws Exception {
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        try (Watch.Watcher watcher = client.getWatchClient().watch(bytes("/quiver/watched"),
                Watch.listener(response -> events.addAll(response.getEvents())))) {
            assertThat(watcher.isClosed()).isFalse();
            KV kv = client.getKVClient();
            // the watch is registered asynchronously: keep writing until the first event arrives
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                kv.put(bytes("/quiver/watched"), bytes("v")).get(10, TimeUnit.SECONDS);
                return !events.isEmpty();
            });
            kv.delete(bytes("/quiver/watched")).get(30, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> events.stream().anyMatch(event -> event.getEventType() == WatchEvent.EventType.DELETE));
            assertThat(events.getFirst().getEventType()).isEqualTo(WatchEvent.EventType.PUT);
            assertThat(events.getFirst().getKeyValue().getValue().toString(UTF_8)).isEqualTo("v");
        }
    }

    @Test
    void keyAttachedToAnExpiredLeaseDisappears() throws Exception {
        long lease = client.getLeaseClient().grant(2).get(30, TimeUnit.SECONDS).getID();
        client.getKVClient().put(bytes("/quiver/leased"), bytes("short-lived"),
                PutOption.builder().withLeaseId(lease).build()).get(30, TimeUnit.SECONDS);
        assertThat(get("/quiver/leased")).isEqualTo("short-lived");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/quiver/leased") == null);
    }

    @Test
    void keepAliveKeepsALeasedKeyPastItsTtl() throws Exception {
        long lease = client.getLeaseClient().grant(2).get(30, TimeUnit.SECONDS).getID();
        client.getKVClient().put(bytes("/quiver/kept"), bytes("alive"),
                PutOption.builder().withLeaseId(lease).build()).get(30, TimeUnit.SECONDS);
        List<LeaseKeepAliveResponse> renewals = new CopyOnWriteArrayList<>();

        CloseableClient keepAlive = client.getLeaseClient().keepAlive(lease, new StreamObserver<>() {
            @Override
            public void onNext(LeaseKeepAliveResponse response) {
                renewals.add(response);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        try {
            // renewals for more than twice the 2 s TTL
            await().atMost(Duration.ofSeconds(30)).until(() -> renewals.size() >= 4);
            Thread.sleep(Duration.ofSeconds(3));
            assertThat(get("/quiver/kept")).isEqualTo("alive");
        } finally {
            keepAlive.close();
        }
        client.getLeaseClient().revoke(lease).get(30, TimeUnit.SECONDS);
        assertThat(get("/quiver/kept")).isNull();
    }

    @Test
    void comesBackWithItsDataOnTheSamePortAfterStop() throws Exception {
        client.getKVClient().put(bytes("/quiver/durable"), bytes("kept")).get(30, TimeUnit.SECONDS);
        String endpoint = etcd.endpoint();
        long pid = etcd.member(0).pid();

        etcd.stop();
        assertThat(etcd.member(0).isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        etcd.start();

        assertThat(etcd.endpoint()).isEqualTo(endpoint);
        assertThat(get("/quiver/durable")).isEqualTo("kept");
    }
}
