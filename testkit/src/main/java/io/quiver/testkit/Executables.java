package io.quiver.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds programs on {@code PATH} (and the usual system directories). Stateless and thread-safe. */
public final class Executables {

    private Executables() {
    }

    /**
     * The first executable called {@code name} on {@code PATH}, {@code /usr/bin},
     * {@code /usr/local/bin} or {@code /bin}.
     *
     * @param hint what to do if it is missing, appended to the exception message
     * @throws IllegalStateException if there is none
     */
    public static Path find(String name, String hint) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(List.of("/usr/bin", "/usr/local/bin", "/bin"));
        for (String directory : directories) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " not found on PATH or in /usr/bin: " + hint);
    }
}
