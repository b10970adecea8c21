package io.quiver.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.quiver.operator.collection.CollectionReconciler;
import io.quiver.operator.dataplane.DataPlaneAccess;
import io.quiver.operator.dataplane.DataPlaneConnector;
import io.quiver.operator.dataplane.DataPlaneDependentResource;
import io.quiver.operator.encryptionkey.EncryptionKeyReconciler;
import io.quiver.operator.resourcegroup.ResourceGroupReconciler;
import io.quiver.operator.status.EventRecorder;
import io.quiver.operator.status.StatusUpdates;
import io.quiver.operator.tenant.TenantReconciler;
import io.quiver.operator.vectorcluster.VectorClusterReconciler;
import java.time.Clock;
import java.util.List;

/**
 * Builds the operator: one reconciler per kind, registered on a JOSDK {@link Operator} that patches
 * status with JSON patches and matches dependents without server-side apply (the same way against a
 * real API server and the CRUD mock the tests use).
 */
public final class QuiverOperator {

  private QuiverOperator() {}

  /** The reconciler classes this operator registers; {@link OperatorPermissions} derives the RBAC rules from them. */
  public static final List<Class<? extends Reconciler<?>>> RECONCILERS = List.of(
      VectorClusterReconciler.class, ResourceGroupReconciler.class, CollectionReconciler.class,
      EncryptionKeyReconciler.class, TenantReconciler.class);

  /**
   * An operator, not yet started.
   *
   * @param client the Kubernetes client; not closed when the operator stops
   * @param connector opens data-plane clients; not closed when the operator stops
   */
  public static Operator create(KubernetesClient client, OperatorConfig config, DataPlaneConnector connector, Clock clock) {
    return create(client, config, connector, clock, Metrics.NOOP);
  }

  /** As {@link #create(KubernetesClient, OperatorConfig, DataPlaneConnector, Clock)}, reporting to {@code metrics}. */
  public static Operator create(KubernetesClient client, OperatorConfig config, DataPlaneConnector connector, Clock clock,
      Metrics metrics) {
    Operator operator = new Operator(o -> {
      o.withMetrics(metrics);
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withConcurrentReconciliationThreads(config.reconcileThreads());
      if (config.leaderElection()) {
        var election = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName())
            .withIdentity(config.identity());
        if (config.leaseNamespace() != null) {
          election.withLeaseNamespace(config.leaseNamespace());
        }
        o.withLeaderElectionConfiguration(election.build());
      }
    });
    EventRecorder events = new EventRecorder(client, clock);
    StatusUpdates status = new StatusUpdates(events, clock);
    DataPlaneAccess access = new DataPlaneAccess(connector, config.dataPlaneEndpoints());
    var dataPlane = new DataPlaneDependentResource.Config(access, events, config.dataPlanePollInterval());
    operator.register(new VectorClusterReconciler(status), c -> namespaces(c, config));
    operator.register(new ResourceGroupReconciler(status, access), c -> namespaces(c, config)
        .replacingNamedDependentResourceConfig(ResourceGroupReconciler.DATA_PLANE_GROUP, dataPlane));
    operator.register(new CollectionReconciler(status, access, config.dataPlanePollInterval()), c -> namespaces(c, config)
        .replacingNamedDependentResourceConfig(CollectionReconciler.COLLECTION, dataPlane));
    operator.register(new EncryptionKeyReconciler(status, access, clock), c -> namespaces(c, config)
        .replacingNamedDependentResourceConfig(EncryptionKeyReconciler.KEY, dataPlane));
    operator.register(new TenantReconciler(status));
    return operator;
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> ControllerConfigurationOverrider<R> namespaces(
      ControllerConfigurationOverrider<R> c, OperatorConfig config) {
    if (!config.namespaces().isEmpty()) {
      c.settingNamespaces(config.namespaces());
    }
    return c;
  }
}
