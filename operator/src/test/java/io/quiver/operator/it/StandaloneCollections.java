package io.quiver.operator.it;

import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.operator.Samples;

/** The Collection sample as a standalone data plane can serve it, and how the tests read its conditions. */
final class StandaloneCollections {

  private StandaloneCollections() {}

  /**
   * The Collection sample named {@code name} in {@code database}, with one replica in the default group
   * and no EncryptionKey: a standalone server has one query node and only
   * {@code __default_resource_group}, and does not take customer keys yet.
   */
  static Collection sample(String name, String database) {
    Collection c = Samples.load("collection.yaml", Collection.class);
    c.getMetadata().setName(name);
    c.getSpec().setName(null);
    c.getSpec().setDatabase(database);
    c.getSpec().setReplicas(1);
    c.getSpec().setResourceGroups(null);
    c.getSpec().setEncryptionKeyRef(null);
    return c;
  }

  /** "status/reason" of the condition {@code type} of {@code c}, or null. */
  static String condition(Collection c, String type) {
    if (c == null || c.getStatus() == null || c.getStatus().getConditions() == null) {
      return null;
    }
    return c.getStatus().getConditions().stream().filter(x -> x.getType().equals(type))
        .map(x -> x.getStatus() + "/" + x.getReason()).findFirst().orElse(null);
  }

  /** Whether {@code c} is Ready for its current generation. */
  static boolean ready(Collection c) {
    return c != null && c.getStatus() != null && "True/Ready".equals(condition(c, Condition.READY))
        && c.getMetadata().getGeneration().equals(c.getStatus().getObservedGeneration());
  }
}
