package io.quiver.testkit.jvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags every Quiver process runs with. They are written down once, in the root
 * {@code pom.xml} property {@code <quiver.jvm.flags>}; {@code scripts/env.sh} exports them as
 * {@value #ENV}.
 *
 * <p>Thread safety: stateless apart from an immutable cached result; safe from any thread.
 */
public final class JvmFlags {

    /** The environment variable {@code scripts/env.sh} sets to the flags. */
    public static final String ENV = "QUIVER_JVM_FLAGS";

    private static final Pattern PROPERTY = Pattern.compile(
            "<quiver\\.jvm\\.flags>(.*?)</quiver\\.jvm\\.flags>", Pattern.DOTALL);

    private JvmFlags() {
    }

    private static final class Project {
        static final List<String> FLAGS = resolve(System.getenv(ENV), Path.of(System.getProperty("user.dir")));
    }

    /**
     * The project's flags: {@value #ENV} if set and not blank, else the {@code <quiver.jvm.flags>}
     * of the first {@code pom.xml} that defines it, walking up from the working directory.
     *
     * @throws IllegalStateException if neither exists
     */
    public static List<String> project() {
        return Project.FLAGS;
    }

    /** {@link #project()} with an explicit environment value and start directory. */
    static List<String> resolve(String environmentValue, Path startDirectory) {
        if (environmentValue != null && !environmentValue.isBlank()) {
            return split(environmentValue);
        }
        for (Path dir = startDirectory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Optional<String> flags = fromPom(dir.resolve("pom.xml"));
            if (flags.isPresent()) {
                return split(flags.get());
            }
        }
        throw new IllegalStateException("no JVM flags: " + ENV + " is not set and no pom.xml defining "
                + "<quiver.jvm.flags> was found above " + startDirectory.toAbsolutePath()
                + " (source scripts/env.sh, or run from inside the repository)");
    }

    private static Optional<String> fromPom(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return Optional.empty();
        }
        try {
            Matcher matcher = PROPERTY.matcher(Files.readString(pom));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
    }

    private static List<String> split(String flags) {
        return Arrays.stream(flags.trim().split("\\s+")).filter(flag -> !flag.isEmpty()).toList();
    }
}
