package io.quiver.operator.collection;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.quiver.crd.common.Condition;
import io.quiver.crd.v1alpha1.collection.Collection;
import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKey;
import io.quiver.crd.v1alpha1.resourcegroup.ResourceGroup;
import io.quiver.operator.resourcegroup.model.ResourceGroupModel;
import io.quiver.operator.status.ReconcileFailure;
import io.quiver.operator.status.Reasons;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Collection refers to besides its cluster, looked up in the reconciler's informers: the
 * ResourceGroups its replicas go to, and the EncryptionKey its data must be encrypted with. A missing
 * or unready reference is a permanent failure (no retry loop): the referenced resource's own events
 * reconcile the collection again.
 */
final class CollectionReferences {

  private CollectionReferences() {}

  /**
   * The data-plane names of the groups the replicas go to; empty for the cluster's default group, and
   * when the spec does not load the collection.
   *
   * @throws ReconcileFailure ResourceGroupNotFound if a named ResourceGroup does not exist
   */
  static List<String> groups(Collection c, Context<Collection> context) {
    List<String> names = c.getSpec().getResourceGroups();
    if (names == null || names.isEmpty() || Boolean.FALSE.equals(c.getSpec().getLoad())) {
      return List.of();
    }
    List<ResourceGroup> known = context.getSecondaryResources(ResourceGroup.class).stream().toList();
    List<String> out = new ArrayList<>();
    for (String name : names) {
      ResourceGroup group = known.stream().filter(g -> g.getMetadata().getName().equals(name)).findFirst()
          .orElseThrow(() -> ReconcileFailure.permanent(Reasons.RESOURCE_GROUP_NOT_FOUND,
              "ResourceGroup " + name + " (in resourceGroups) not found in namespace " + c.getMetadata().getNamespace()));
      out.add(ResourceGroupModel.dataPlaneName(group));
    }
    return out;
  }

  /**
   * Fails unless the collection needs no key or its EncryptionKey is Ready: a collection with a key is
   * never created unencrypted.
   *
   * @throws ReconcileFailure EncryptionKeyNotReady
   */
  static void requireKey(Collection c, Context<Collection> context) {
    if (c.getSpec().getEncryptionKeyRef() == null) {
      return;
    }
    String name = c.getSpec().getEncryptionKeyRef().getName();
    EncryptionKey key = context.getSecondaryResource(EncryptionKey.class).orElse(null);
    String why = "the collection is created only once its key is Ready, so that no data is written unencrypted";
    if (key == null) {
      throw ReconcileFailure.permanent(Reasons.ENCRYPTION_KEY_NOT_READY, "EncryptionKey " + name + " not found; " + why);
    }
    Condition ready = key.getStatus() == null || key.getStatus().getConditions() == null ? null
        : key.getStatus().getConditions().stream().filter(x -> x.getType().equals(Condition.READY)).findFirst().orElse(null);
    if (ready == null || !Condition.TRUE.equals(ready.getStatus())) {
      throw ReconcileFailure.permanent(Reasons.ENCRYPTION_KEY_NOT_READY, "EncryptionKey " + name + " is not ready"
          + (ready == null ? "" : " (" + ready.getReason() + ": " + ready.getMessage() + ")") + "; " + why);
    }
  }
}
