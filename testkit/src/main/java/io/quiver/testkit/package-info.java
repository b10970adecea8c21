/**
 * Real services for tests, on free 127.0.0.1 ports, in temporary directories, always stopped.
 *
 * <ul>
 *   <li>{@link io.quiver.testkit.etcd.EtcdExtension}: etcd, one member or a cluster;</li>
 *   <li>{@link io.quiver.testkit.s3.S3Extension}: an S3 server (s3proxy);</li>
 *   <li>{@link io.quiver.testkit.keycloak.KeycloakExtension}: Keycloak, with realm import and an
 *       admin client;</li>
 *   <li>{@link io.quiver.testkit.jvm.JavaServerExtension}: base for a Java server main class in its
 *       own JVM (the data-plane server);</li>
 *   <li>{@link io.quiver.testkit.process.ManagedProcess}: any process, with readiness probe, log
 *       capture, SIGTERM-then-SIGKILL stop, kill and restart.</li>
 * </ul>
 *
 * <p>Every extension is a {@link io.quiver.testkit.ServiceExtension}: register it in a
 * {@code @RegisterExtension static} field for one instance per test class (or an instance field
 * for one per test). Children die with the test JVM however it ends: see
 * {@link io.quiver.testkit.process.ChildProcesses}. Downloads and the one-time Keycloak build live
 * in {@code $QUIVER_CACHE} ({@link io.quiver.testkit.Artifacts}); {@code scripts/prereqs.sh}
 * prepares them ahead of time and {@code scripts/check-leaks.sh} finds survivors.
 */
package io.quiver.testkit;
