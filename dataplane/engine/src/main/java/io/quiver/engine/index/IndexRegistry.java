package io.quiver.engine.index;

import io.quiver.engine.error.QuiverException;
import io.quiver.engine.index.flat.FlatIndexFactory;
import io.quiver.engine.index.hnsw.HnswIndexFactory;
import io.quiver.engine.index.hnsw.HnswPqIndexFactory;
import io.quiver.engine.index.hnsw.HnswSqIndexFactory;
import io.quiver.engine.index.ivf.IvfIndexFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The index types the engine knows, by canonical name. {@code AUTOINDEX} resolves to
 * {@link #autoIndexType()}. Thread safe.
 */
public final class IndexRegistry {

  public static final String AUTOINDEX = "AUTOINDEX";

  private static final Map<String, VectorIndexFactory> FACTORIES = new ConcurrentHashMap<>();
  private static volatile String autoIndexType = HnswIndexFactory.TYPE;

  static {
    register(new FlatIndexFactory());
    register(new HnswIndexFactory());
    register(new HnswSqIndexFactory());
    register(new HnswPqIndexFactory());
    register(new IvfIndexFactory(IvfIndexFactory.Encoding.FLAT));
    register(new IvfIndexFactory(IvfIndexFactory.Encoding.SQ8));
    register(new IvfIndexFactory(IvfIndexFactory.Encoding.PQ));
  }

  private IndexRegistry() {}

  /** Adds or replaces a factory under its {@link VectorIndexFactory#type()}. */
  public static void register(VectorIndexFactory factory) {
    FACTORIES.put(factory.type().toUpperCase(Locale.ROOT), factory);
  }

  /** Sets the type AUTOINDEX stands for; it must be registered. */
  public static void setAutoIndexType(String type) {
    String upper = type.toUpperCase(Locale.ROOT);
    if (!FACTORIES.containsKey(upper)) {
      throw new IllegalArgumentException("unknown index type " + type);
    }
    autoIndexType = upper;
  }

  public static String autoIndexType() {
    return autoIndexType;
  }

  /**
   * The factory for {@code type} (case-insensitive; AUTOINDEX and empty map to the automatic
   * type).
   *
   * @throws QuiverException naming index_type when the type is unknown
   */
  public static VectorIndexFactory factory(String type) {
    String upper = canonicalType(type);
    VectorIndexFactory factory = FACTORIES.get(upper);
    if (factory == null) {
      throw QuiverException.invalid(
          "invalid index_type %s: supported float vector index types are %s and AUTOINDEX", type, supportedTypes());
    }
    return factory;
  }

  /** Upper-cased type name with AUTOINDEX (and blank) replaced by the automatic type. */
  public static String canonicalType(String type) {
    if (type == null || type.isBlank()) {
      return autoIndexType;
    }
    String upper = type.trim().toUpperCase(Locale.ROOT);
    return upper.equals(AUTOINDEX) ? autoIndexType : upper;
  }

  public static Collection<String> supportedTypes() {
    return new TreeMap<>(FACTORIES).keySet();
  }
}
