package io.quiver.operator.dataplane;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ConfiguredDependentResource;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import io.javaoperatorsdk.operator.processing.dependent.external.PerResourcePollingDependentResource;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ExternalResourceCachingEventSource;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import io.quiver.crd.v1alpha1.vectorcluster.VectorCluster;
import io.quiver.operator.status.EventRecorder;
import io.quiver.operator.status.ReconcileFailure;
import io.quiver.operator.status.Reasons;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every external dependent that lives in a VectorCluster's data plane (a collection, a
 * resource group, a key): a JOSDK per-resource polling dependent (habit 5) whose subclasses add create,
 * update and delete.
 *
 * <p>State is read twice over: every reconcile first reads the data plane afresh, so decisions never
 * rest on a stale cache (a failing read fails the reconcile: Degraded, retried); and between
 * reconciles a poller re-reads it every {@link Config#pollInterval()}, so a change made outside the
 * operator (a dropped collection or index) is an event that reconciles the resource and repairs the
 * drift. A failing poll keeps the last state, and its first failure and its recovery each trigger a
 * reconcile, so the outage shows up as a condition and clears by itself.
 *
 * <p>The referenced cluster comes from the reconciler's VectorCluster informer
 * ({@link io.quiver.operator.ClusterIndex}). While the cluster is not
 * {@linkplain DataPlaneAccess#reachable reachable} (its pods are starting), the dependent does nothing
 * and reports no resource; the cluster's becoming ready reconciles the resource again. This is decided
 * here rather than by a workflow reconcile precondition, because JOSDK deletes a dependent whose
 * precondition does not hold, and a cluster's restart must never drop a collection.
 *
 * <p>Configured by the operator through {@link Config} ({@code replacingNamedDependentResourceConfig});
 * the no-argument constructor exists for JOSDK and for deriving RBAC rules. Thread-safe: reconciles of
 * different primaries and the poller run concurrently; per-primary state lives in concurrent maps.
 *
 * @param <R> the data-plane object's state, as a value with {@code equals}
 * @param <P> the primary resource
 */
public abstract class DataPlaneDependentResource<R, P extends HasMetadata>
    extends PerResourcePollingDependentResource<R, P, String>
    implements ConfiguredDependentResource<DataPlaneDependentResource.Config> {

  private static final Logger LOG = LoggerFactory.getLogger(DataPlaneDependentResource.class);

  /**
   * What every data-plane dependent needs from the operator.
   *
   * @param access how clusters are reached
   * @param events where Events of data-plane writes go
   * @param pollInterval how often the poller re-reads the data plane
   */
  public record Config(DataPlaneAccess access, EventRecorder events, Duration pollInterval) {}

  private Config config;
  private final Map<ResourceID, ClusterAddress> addresses = new ConcurrentHashMap<>();
  private final Set<ResourceID> failingPolls = ConcurrentHashMap.newKeySet();

  protected DataPlaneDependentResource(Class<R> type, ResourceIDMapper<R, String> ids) {
    super(type, ids);
  }

  @Override
  public void configureWith(Config config) {
    this.config = config;
    setPollingPeriod(config.pollInterval());
  }

  @Override
  public Optional<Config> configuration() {
    return Optional.ofNullable(config);
  }

  /** The VectorCluster name {@code primary} refers to (same namespace). */
  protected abstract String clusterName(P primary);

  /** Reads the object of {@code primary} from the data plane: one state, or none if it does not exist. */
  protected abstract Optional<R> read(DataPlaneClient client, P primary);

  /** Where Events of data-plane writes go. */
  protected EventRecorder events() {
    return config.events();
  }

  // ------------------------------------------------------------------ reconcile

  /**
   * Reconciles the data-plane object: resolves the cluster, reads the object afresh, then creates,
   * updates or leaves it as JOSDK's matching decides. Does nothing while the cluster is not reachable.
   *
   * @throws ReconcileFailure ClusterNotFound if the cluster does not exist
   */
  @Override
  public ReconcileResult<R> reconcile(P primary, Context<P> context) {
    ResourceID id = ResourceID.fromResource(primary);
    VectorCluster cluster = cluster(primary, context);
    if (!config.access().reachable(cluster)) {
      addresses.remove(id);
      return ReconcileResult.noOperation(null);
    }
    ClusterAddress address = config.access().address(cluster, context.getClient());
    addresses.put(id, address);
    Set<R> fresh = read(config.access().client(address), primary).map(Set::of).orElse(Set.of());
    source().replace(id, fresh);
    failingPolls.remove(id);
    return super.reconcile(primary, context);
  }

  /**
   * The client of {@code primary}'s cluster as the current {@link #reconcile} resolved it: for create and
   * update, which run inside it. Deletion resolves its own ({@link #client(HasMetadata, VectorCluster, Context)}).
   */
  protected DataPlaneClient client(P primary) {
    ClusterAddress address = addresses.get(ResourceID.fromResource(primary));
    if (address == null) {
      throw new IllegalStateException("no data-plane address resolved for " + ResourceID.fromResource(primary));
    }
    return config.access().client(address);
  }

  /**
   * The cluster {@code primary} refers to.
   *
   * @throws ReconcileFailure ClusterNotFound if it does not exist
   */
  protected VectorCluster cluster(P primary, Context<P> context) {
    return context.getSecondaryResource(VectorCluster.class).orElseThrow(() -> new ReconcileFailure(
        Reasons.CLUSTER_NOT_FOUND, "VectorCluster " + clusterName(primary) + " not found"));
  }

  /** Whether {@code cluster}'s data plane may be called now ({@link DataPlaneAccess#reachable}). */
  protected boolean reachable(VectorCluster cluster) {
    return config.access().reachable(cluster);
  }

  /**
   * For deletion, which runs without {@link #reconcile}: the client of {@code cluster}, resolved now.
   *
   * @throws DataPlaneException UNAVAILABLE while the cluster is not reachable (deletion waits for it)
   */
  protected DataPlaneClient client(P primary, VectorCluster cluster, Context<P> context) {
    if (!config.access().reachable(cluster)) {
      throw new DataPlaneException(DataPlaneException.Kind.UNAVAILABLE, "VectorCluster " + clusterName(primary)
          + " is not ready; deletion waits for its data plane");
    }
    ClusterAddress address = config.access().address(cluster, context.getClient());
    addresses.put(ResourceID.fromResource(primary), address);
    return config.access().client(address);
  }

  /** Forgets {@code primary}'s per-resource state; called once it is deleted. */
  protected void forget(ResourceID id) {
    addresses.remove(id);
    failingPolls.remove(id);
  }

  // ------------------------------------------------------------------ polling

  /** The poller's read: never throws (a throwing fetch would stop JOSDK's polling of this primary). */
  @Override
  public Set<R> fetchResources(P primary) {
    ResourceID id = ResourceID.fromResource(primary);
    ClusterAddress address = addresses.get(id);
    if (address == null) {
      return source().getSecondaryResources(id);
    }
    try {
      Set<R> state = read(config.access().client(address), primary).map(Set::of).orElse(Set.of());
      if (failingPolls.remove(id)) {
        source().signal(id);
      }
      return state;
    } catch (RuntimeException e) {
      LOG.debug("polling the data plane of {} for {} failed: {}", address.cluster(), id, e.getMessage());
      if (failingPolls.add(id)) {
        source().signal(id);
      }
      return source().getSecondaryResources(id);
    }
  }

  @Override
  protected ExternalResourceCachingEventSource<R, P, String> createEventSource(EventSourceContext<P> context) {
    AtomicInteger threads = new AtomicInteger();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, name() + "-poller-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    return new PollingSource<>(resourceType(), context, new PerResourcePollingConfigurationBuilder<R, P, String>(
        this, getPollingPeriod()).withResourceIDMapper(resourceIDMapper()).withName(name())
        .withExecutorService(executor).build(), this::forget);
  }

  @SuppressWarnings("unchecked")
  private PollingSource<R, P> source() {
    return (PollingSource<R, P>) eventSource().orElseThrow();
  }

  /**
   * JOSDK's per-resource polling source, plus: the reconcile's fresh read replaces the cached state
   * without an event; {@link #signal} triggers a reconcile; reads from the cache never fetch (every
   * reconcile has read afresh before); deleting the primary forgets its state.
   */
  static final class PollingSource<R, P extends HasMetadata> extends PerResourcePollingEventSource<R, P, String> {

    private final java.util.function.Consumer<ResourceID> onDeleted;

    PollingSource(Class<R> type, EventSourceContext<P> context,
        io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfiguration<R, P, String> config,
        java.util.function.Consumer<ResourceID> onDeleted) {
      super(type, context, config);
      this.onDeleted = onDeleted;
    }

    void replace(ResourceID primary, Set<R> state) {
      handleResources(primary, state, false);
    }

    void signal(ResourceID primary) {
      if (isRunning()) {
        getEventHandler().handleEvent(new Event(primary));
      }
    }

    @Override
    public Set<R> getSecondaryResources(P primary) {
      return getSecondaryResources(ResourceID.fromResource(primary));
    }

    @Override
    public void onResourceDeleted(P resource) {
      super.onResourceDeleted(resource);
      onDeleted.accept(ResourceID.fromResource(resource));
    }
  }
}
