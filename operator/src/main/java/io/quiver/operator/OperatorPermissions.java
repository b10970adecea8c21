package io.quiver.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Kubernetes API permissions the operator uses, derived from its code: every registered
 * reconciler's primary kind (read, status patch, and patch where a finalizer guards a data-plane
 * dependent), every Kubernetes dependent of its workflow (read, plus create, update and delete as the
 * dependent class implements Creator, Updater and Deleter), Secrets (read: root credentials and key
 * material), Events (create) and the leader-election Lease. Data-plane dependents reach the data
 * plane, not the API server, and add no rule. The Helm chart's ClusterRole must grant exactly these
 * (ChartTest checks it), so the two cannot drift apart.
 */
public final class OperatorPermissions {

  private OperatorPermissions() {}

  /** Verbs of an informer: the operator reads through caches it lists and watches. */
  public static final List<String> READ = List.of("get", "list", "watch");

  /** The permissions, as "apiGroup/resource" to verbs; the core group is "". */
  public static Map<String, Set<String>> rules() {
    Map<String, Set<String>> rules = new TreeMap<>();
    for (Class<? extends Reconciler<?>> reconciler : QuiverOperator.RECONCILERS) {
      Class<? extends HasMetadata> primary = primaryType(reconciler);
      add(rules, primary, READ);
      rules.computeIfAbsent(key(primary) + "/status", k -> new TreeSet<>()).add("patch");
      Workflow workflow = reconciler.getAnnotation(Workflow.class);
      for (Dependent dependent : workflow == null ? new Dependent[0] : workflow.dependents()) {
        DependentResource<?, ?> instance = instantiate(dependent.type());
        if (!(instance instanceof KubernetesDependentResource<?, ?>)) {
          if (instance instanceof Deleter<?> && !(instance instanceof GarbageCollected<?>)) {
            // JOSDK adds and removes the finalizer that guards the dependent's deletion with JSON patches
            add(rules, primary, List.of("patch"));
          }
          continue;
        }
        @SuppressWarnings("unchecked")
        Class<? extends HasMetadata> type = (Class<? extends HasMetadata>) instance.resourceType();
        add(rules, type, READ);
        if (instance instanceof Creator<?, ?>) {
          add(rules, type, List.of("create"));
        }
        if (instance instanceof Updater<?, ?>) {
          add(rules, type, List.of("update"));
        }
        if (instance instanceof Deleter<?>) {
          add(rules, type, List.of("delete"));
        }
      }
    }
    rules.computeIfAbsent("/secrets", k -> new TreeSet<>()).add("get");
    rules.computeIfAbsent("/events", k -> new TreeSet<>()).add("create");
    rules.computeIfAbsent("coordination.k8s.io/leases", k -> new TreeSet<>()).addAll(List.of("get", "create", "update"));
    return rules;
  }

  private static void add(Map<String, Set<String>> rules, Class<? extends HasMetadata> type, List<String> verbs) {
    rules.computeIfAbsent(key(type), k -> new TreeSet<>()).addAll(verbs);
  }

  private static String key(Class<? extends HasMetadata> type) {
    String group = HasMetadata.getGroup(type);
    return (group == null ? "" : group) + "/" + HasMetadata.getPlural(type);
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends HasMetadata> primaryType(Class<?> reconciler) {
    for (Type t : reconciler.getGenericInterfaces()) {
      if (t instanceof ParameterizedType p && p.getRawType() == Reconciler.class) {
        return (Class<? extends HasMetadata>) p.getActualTypeArguments()[0];
      }
    }
    throw new IllegalStateException(reconciler + " does not implement Reconciler<P> directly");
  }

  private static DependentResource<?, ?> instantiate(Class<?> type) {
    try {
      return (DependentResource<?, ?>) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate dependent " + type, e);
    }
  }
}
