package io.quiver.testkit.jvm;

import io.quiver.testkit.process.ProcessSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Launches a Java main class (or an executable jar) in a separate JVM: the {@code java} of the
 * running JDK, the project's {@link JvmFlags}, extra JVM options, a classpath, the main class and
 * its arguments.
 * The result is a {@link ProcessSpec.Builder}, so environment, log file, readiness and timeouts
 * are set the same way as for any other process:
 *
 * <pre>{@code
 * ManagedProcess server = ManagedProcess.start(JavaProcess.builder("server", "io.quiver.server.cli.Main")
 *         .args("standalone", "--port", Integer.toString(port))
 *         .spec()
 *         .env("QUIVER_DATA", dir.toString())
 *         .readiness(ReadinessProbe.tcpPort(port))
 *         .build());
 * }</pre>
 *
 * <p>Thread safety: builders are not thread-safe; the static methods are.
 */
public final class JavaProcess {

    private JavaProcess() {
    }

    /** A builder that runs {@code mainClass}; the process is called {@code name}. */
    public static Builder builder(String name, String mainClass) {
        return new Builder(name, Objects.requireNonNull(mainClass, "mainClass"), null);
    }

    /** A builder that runs an executable jar ({@code java -jar}); the process is called {@code name}. */
    public static Builder jar(String name, Path jar) {
        return new Builder(name, null, Objects.requireNonNull(jar, "jar"));
    }

    /** The {@code java} executable of the JDK running this JVM (so JDK 25 under the build). */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * This JVM's classpath ({@code java.class.path}). Under Surefire/Failsafe this may be a
     * manifest-only jar whose {@code Class-Path} lists the real entries, which a child JVM
     * resolves the same way.
     */
    public static String currentClasspath() {
        return System.getProperty("java.class.path");
    }

    /** Collects a Java command line; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String mainClass;
        private final Path jar;
        private String classpath = currentClasspath();
        private boolean projectFlags = true;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();

        private Builder(String name, String mainClass, Path jar) {
            this.name = Objects.requireNonNull(name, "name");
            this.mainClass = mainClass;
            this.jar = jar;
        }

        /** The classpath (default: {@link #currentClasspath()}); ignored for {@link #jar}. */
        public Builder classpath(String classpath) {
            this.classpath = Objects.requireNonNull(classpath, "classpath");
            return this;
        }

        /** The classpath as a list of jars and directories. */
        public Builder classpath(List<Path> entries) {
            return classpath(String.join(File.pathSeparator, entries.stream().map(Path::toString).toList()));
        }

        /** Leaves out the project's {@link JvmFlags} (they are included by default). */
        public Builder withoutProjectFlags() {
            this.projectFlags = false;
            return this;
        }

        /** Adds JVM options (after the project flags, before the main class). */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** Adds program arguments (after the main class). */
        public Builder args(String... arguments) {
            args.addAll(List.of(arguments));
            return this;
        }

        /** Adds program arguments (after the main class). */
        public Builder args(List<String> arguments) {
            args.addAll(arguments);
            return this;
        }

        /** The full command line. */
        public List<String> command() {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable().toString());
            if (projectFlags) {
                command.addAll(JvmFlags.project());
            }
            command.addAll(jvmOptions);
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toString());
            } else {
                command.add("-cp");
                command.add(classpath);
                command.add(mainClass);
            }
            command.addAll(args);
            return command;
        }

        /** A process spec builder with this command; set the rest there and {@code build()}. */
        public ProcessSpec.Builder spec() {
            return ProcessSpec.builder(name).command(command());
        }
    }
}
