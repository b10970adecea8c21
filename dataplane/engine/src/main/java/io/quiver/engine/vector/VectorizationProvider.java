package io.quiver.engine.vector;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link VectorUtilSupport} once, at class initialisation, from two system
 * properties:
 *
 * <ul>
 *   <li>{@value #IMPL_PROPERTY}: {@code auto} (default: the Vector API when the
 *       {@code jdk.incubator.vector} module is present, else scalar), {@code simd} (the Vector
 *       API or fail) or {@code scalar}.
 *   <li>{@value #BITS_PROPERTY}: the SIMD register width in bits, {@code 256} (default; it
 *       measured faster than 512 on the AMD EPYC Zen 5 machines we run on, see
 *       docs/benchmarks.md) or {@code 512}. A width the CPU lacks falls back to the CPU's
 *       preferred width.
 * </ul>
 *
 * A value outside these stops class initialisation with a message naming the property (never a
 * silent fallback). Nothing here runs on the hot path.
 */
public final class VectorizationProvider {

  public static final String IMPL_PROPERTY = "quiver.vector.impl";
  public static final String BITS_PROPERTY = "quiver.vector.bits";

  private static final String SIMD_CLASS = "io.quiver.engine.vector.simd.PanamaVectorUtilSupport";
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** What {@value #IMPL_PROPERTY} asks for. */
  public enum Impl {
    AUTO,
    SIMD,
    SCALAR
  }

  // Order matters: the SIMD class reads requestedBits() during lookup() below.
  private static final Impl REQUESTED_IMPL = parseImpl(System.getProperty(IMPL_PROPERTY));
  private static final int REQUESTED_BITS = parseBits(System.getProperty(BITS_PROPERTY));
  private static final VectorUtilSupport SCALAR = new ScalarVectorUtilSupport();
  private static final VectorUtilSupport INSTANCE = lookup();

  private VectorizationProvider() {}

  /** The kernels every caller uses; fixed for the life of the JVM. */
  public static VectorUtilSupport support() {
    return INSTANCE;
  }

  /** The scalar reference kernels (for tests and benchmarks that compare). */
  public static VectorUtilSupport scalar() {
    return SCALAR;
  }

  /** The Vector API kernels, if this JVM can run them (for tests and benchmarks that compare). */
  public static Optional<VectorUtilSupport> simd() {
    return INSTANCE != SCALAR ? Optional.of(INSTANCE) : Optional.ofNullable(loadSimd(false));
  }

  /** The SIMD width requested through {@value #BITS_PROPERTY} (256 or 512). */
  public static int requestedBits() {
    return REQUESTED_BITS;
  }

  static Impl parseImpl(String raw) {
    if (raw == null || raw.isBlank()) {
      return Impl.AUTO;
    }
    try {
      return Impl.valueOf(raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "system property " + IMPL_PROPERTY + " must be auto, simd or scalar, got '" + raw + "'");
    }
  }

  static int parseBits(String raw) {
    if (raw == null || raw.isBlank()) {
      return 256;
    }
    return switch (raw.trim()) {
      case "256" -> 256;
      case "512" -> 512;
      default -> throw new IllegalArgumentException(
          "system property " + BITS_PROPERTY + " must be 256 or 512, got '" + raw + "'");
    };
  }

  private static VectorUtilSupport lookup() {
    Logger log = LoggerFactory.getLogger(VectorizationProvider.class);
    VectorUtilSupport chosen =
        switch (REQUESTED_IMPL) {
          case SCALAR -> SCALAR;
          case SIMD -> loadSimd(true);
          case AUTO -> {
            VectorUtilSupport simd = loadSimd(false);
            if (simd == null) {
              log.warn(
                  "Vector API unavailable (start the JVM with --add-modules {}); using scalar kernels",
                  VECTOR_MODULE);
            }
            yield simd != null ? simd : SCALAR;
          }
        };
    log.debug("vector kernels: {}", chosen.name());
    return chosen;
  }

  /** The SIMD kernels, or null (or an exception when {@code required}) if this JVM lacks them. */
  private static VectorUtilSupport loadSimd(boolean required) {
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      if (required) {
        throw new IllegalStateException(
            IMPL_PROPERTY + "=simd needs the JVM flag --add-modules " + VECTOR_MODULE);
      }
      return null;
    }
    try {
      return (VectorUtilSupport) Class.forName(SIMD_CLASS).getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof UnsupportedOperationException u && !required) {
        return null; // CPU without usable SIMD width
      }
      throw new IllegalStateException("cannot start the SIMD vector kernels", e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      if (required) {
        throw new IllegalStateException("cannot start the SIMD vector kernels", e);
      }
      return null;
    }
  }
}
