package io.quiver.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempDirectoryTest {

    @TempDir
    Path root;

    @Test
    void closeDeletesTheDirectoryAndEverythingInIt() throws Exception {
        TempDirectory directory = TempDirectory.create(root, "svc");
        Files.createDirectories(directory.resolve("a/b"));
        Files.writeString(directory.resolve("a/b/c.txt"), "data");

        directory.close();
        directory.close();

        assertThat(directory.path()).doesNotExist();
        assertThat(directory.isClosed()).isTrue();
    }

    @Test
    void namesDirectoriesAfterTheOwnerPidAndService() {
        try (TempDirectory directory = TempDirectory.create(root, "etcd")) {
            assertThat(directory.path().getFileName().toString())
                    .startsWith("quiver-" + ProcessHandle.current().pid() + "-etcd-");
        }
    }

    @Test
    void sweepsDirectoriesLeftBehindByDeadOwners() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path orphan = Files.createDirectories(root.resolve("sweep/quiver-" + gone.pid() + "-etcd-1234/data"));
        Path alive = Files.createDirectories(root.resolve("sweep/quiver-" + ProcessHandle.current().pid() + "-s3-99"));
        Path foreign = Files.createDirectories(root.resolve("sweep/unrelated"));

        try (TempDirectory created = TempDirectory.create(root.resolve("sweep"), "svc")) {
            assertThat(created.path()).exists();
            assertThat(orphan.getParent()).doesNotExist();
            assertThat(alive).exists();
            assertThat(foreign).exists();
        }
    }
}
