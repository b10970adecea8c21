package io.quiver.operator.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a real cluster does that the CRUD mock does not, played by the test (as DESIGN.md section 8
 * describes): a kubelet/StatefulSet controller that reports every StatefulSet's replicas ready, and a
 * garbage collector that deletes objects whose owner is gone. Uses its own client, whose requests carry
 * {@link FaultInjectingDispatcher#HARNESS_HEADER}. Runs every 100 ms until closed.
 */
final class ClusterStandIns implements AutoCloseable {

  private final KubernetesClient client;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "cluster-stand-ins");
    t.setDaemon(true);
    return t;
  });

  ClusterStandIns(KubernetesClient client) {
    this.client = client;
    loop.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      markStatefulSetsReady();
      collectGarbage();
    } catch (KubernetesClientException e) {
      // the next tick retries
    }
  }

  private void markStatefulSetsReady() {
    for (StatefulSet sts : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
      int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
      long generation = sts.getMetadata().getGeneration() == null ? 1 : sts.getMetadata().getGeneration();
      var status = sts.getStatus();
      if (status != null && Integer.valueOf(replicas).equals(status.getReadyReplicas())
          && Long.valueOf(generation).equals(status.getObservedGeneration())) {
        continue;
      }
      sts.setStatus(new StatefulSetStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas)
          .withUpdatedReplicas(replicas).withCurrentReplicas(replicas).withAvailableReplicas(replicas)
          .withObservedGeneration(generation).build());
      client.apps().statefulSets().resource(sts).updateStatus();
    }
  }

  private void collectGarbage() {
    Set<String> uids = new HashSet<>();
    List<HasMetadata> owned = new ArrayList<>();
    Stream.of(
        client.resources(io.quiver.crd.v1alpha1.vectorcluster.VectorCluster.class).inAnyNamespace().list().getItems(),
        client.resources(io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup.class).inAnyNamespace().list().getItems(),
        client.resources(io.quiver.crd.v1alpha1.tenant.Tenant.class).list().getItems())
        .flatMap(List::stream).forEach(r -> uids.add(r.getMetadata().getUid()));
    owned.addAll(client.apps().statefulSets().inAnyNamespace().list().getItems());
    owned.addAll(client.services().inAnyNamespace().list().getItems());
    owned.addAll(client.configMaps().inAnyNamespace().list().getItems());
    owned.addAll(client.secrets().inAnyNamespace().list().getItems());
    owned.addAll(client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems());
    owned.addAll(client.resourceQuotas().inAnyNamespace().list().getItems());
    owned.addAll(client.network().v1().networkPolicies().inAnyNamespace().list().getItems());
    owned.addAll(client.namespaces().list().getItems());
    for (HasMetadata object : owned) {
      List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
      if (refs != null && !refs.isEmpty() && refs.stream().noneMatch(r -> uids.contains(r.getUid()))) {
        client.resource(object).delete();
      }
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
