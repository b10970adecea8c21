/**
 * The vector search benchmark ({@code quiver bench}, main class {@link io.quiver.bench.BenchMain}):
 * datasets and cached ground truth ({@link io.quiver.bench.Datasets},
 * {@link io.quiver.bench.GroundTruth}), one harness that runs Quiver, Lucene and jvector in the
 * same JVM ({@link io.quiver.bench.Harness}, engines in {@code io.quiver.bench.peers}), and the
 * report with its acceptance checks and plot ({@link io.quiver.bench.Report},
 * {@link io.quiver.bench.Plot}). JMH kernel pairs live in {@code io.quiver.bench.jmh}. Never run
 * by the test suite.
 */
package io.quiver.bench;
