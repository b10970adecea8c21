package io.quiver.testkit.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakCacheTest {

    private static final List<String> OPTIONS = List.of("--health-enabled=true", "--db=dev-file");

    @TempDir
    Path cacheRoot;

    private final AtomicInteger builds = new AtomicInteger();

    private KeycloakCache cache(List<String> options) {
        return new KeycloakCache(cacheRoot.resolve("keycloak-26.5.6-built"), "26.5.6", options, (home, database) -> {
            builds.incrementAndGet();
            Files.createDirectories(home.resolve("lib"));
            Files.writeString(home.resolve("lib/quarkus-run.jar"), "built");
            Files.createDirectories(database.getParent());
            Files.writeString(database, "schema");
        });
    }

    @Test
    void skipsTheBuildWhenTheMarkerMatchesTheFingerprint() throws Exception {
        KeycloakCache cache = cache(OPTIONS);
        Files.createDirectories(cache.directory());
        Files.writeString(cache.directory().resolve("fingerprint"), cache.fingerprint() + "\n");

        KeycloakCache.Entry entry = cache.ensurePrepared();

        assertThat(builds).hasValue(0);
        assertThat(entry.preparedNow()).isFalse();
        assertThat(entry.home()).isEqualTo(cache.directory().resolve("home"));
    }

    @Test
    void buildsOnceThenReusesTheEntry() throws Exception {
        KeycloakCache first = cache(OPTIONS);

        assertThat(first.ensurePrepared().preparedNow()).isTrue();
        KeycloakCache.Entry second = cache(OPTIONS).ensurePrepared();

        assertThat(builds).hasValue(1);
        assertThat(second.preparedNow()).isFalse();
        assertThat(Files.readString(second.home().resolve("lib/quarkus-run.jar"))).isEqualTo("built");
        assertThat(Files.readString(second.templateDatabase())).isEqualTo("schema");
        assertThat(Files.readString(first.directory().resolve("fingerprint")).trim()).isEqualTo(first.fingerprint());
    }

    @Test
    void rebuildsWhenTheBuildOptionsChange() throws Exception {
        cache(OPTIONS).ensurePrepared();
        Files.writeString(cache(OPTIONS).directory().resolve("home/stale-file"), "from the old build");

        KeycloakCache changed = cache(List.of("--health-enabled=true", "--db=dev-file", "--metrics-enabled=true"));
        changed.ensurePrepared();

        assertThat(changed.fingerprint()).isNotEqualTo(cache(OPTIONS).fingerprint());
        assertThat(builds).hasValue(2);
        assertThat(changed.directory().resolve("home/stale-file")).doesNotExist();
        assertThat(changed.isPrepared()).isTrue();
    }

    @Test
    void concurrentCallersBuildOnlyOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cache(OPTIONS).ensurePrepared();
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(builds).hasValue(1);
    }

    @Test
    void leavesNoStagingDirectoryBehind() throws Exception {
        cache(OPTIONS).ensurePrepared();

        try (var children = Files.list(cacheRoot)) {
            assertThat(children.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("keycloak-26.5.6-built", "keycloak-26.5.6-built.lock");
        }
    }
}
