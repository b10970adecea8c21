package io.quiver.operator.encryptionkey;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.quiver.crd.common.SecretKeyReference;
import io.quiver.crd.v1alpha1.encryptionkey.EncryptionKey;
import io.quiver.crd.v1alpha1.encryptionkey.KeySource;
import io.quiver.operator.dataplane.DataPlaneClient;
import io.quiver.operator.dataplane.DataPlaneDependentResource;
import io.quiver.operator.dataplane.KeyMaterial;
import io.quiver.operator.dataplane.KeyScopeRef;
import io.quiver.operator.dataplane.KeyState;
import io.quiver.operator.encryptionkey.model.EncryptionKeyModel;
import io.quiver.operator.status.ReconcileFailure;
import io.quiver.operator.status.Reasons;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key in the data plane, as an external dependent of its EncryptionKey (habit 5): create installs
 * the first version from the key material; update rotates (a new version), revokes or restores as
 * {@link EncryptionKeyModel#action} decides. There is no delete: deleting the EncryptionKey leaves the
 * key with the data plane, so the data it protects stays readable (revoke first to make it unreadable).
 *
 * <p>The key material is checked before the data plane is called (the Secret exists and holds 256
 * bits; the material never appears in messages), so a bad Secret is reported as KeyMaterialInvalid
 * even by a data plane that cannot take keys. Until the data plane implements keys, every call fails
 * with DataPlaneUnsupported.
 */
public class DataPlaneKeyDependent extends DataPlaneDependentResource<KeyState, EncryptionKey>
    implements Creator<KeyState, EncryptionKey>, Updater<KeyState, EncryptionKey> {

  private final Map<ResourceID, KeyMaterial> materials = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  public DataPlaneKeyDependent() {
    super(KeyState.class, k -> k.scope().describe());
  }

  @Override
  protected String clusterName(EncryptionKey key) {
    return key.getSpec().getClusterRef().getName();
  }

  @Override
  public ReconcileResult<KeyState> reconcile(EncryptionKey key, Context<EncryptionKey> context) {
    materials.put(ResourceID.fromResource(key), material(key, context));
    return super.reconcile(key, context);
  }

  /**
   * The key material the spec points at.
   *
   * @throws ReconcileFailure KeyMaterialInvalid if the Secret or its key is missing or not 256 bits
   */
  static KeyMaterial material(EncryptionKey key, Context<EncryptionKey> context) {
    KeySource source = key.getSpec().getKeySource();
    if (source.getKms() != null) {
      return new KeyMaterial.Kms(source.getKms().getProvider().name(), source.getKms().getKeyId(),
          source.getKms().getEndpoint());
    }
    SecretKeyReference ref = source.getSecretRef();
    String entry = ref.getKey() == null ? EncryptionKeyModel.DEFAULT_SECRET_KEY : ref.getKey();
    Secret secret = context.getClient().secrets().inNamespace(key.getMetadata().getNamespace()).withName(ref.getName()).get();
    byte[] value = null;
    if (secret != null && secret.getData() != null && secret.getData().get(entry) != null) {
      value = Base64.getDecoder().decode(secret.getData().get(entry));
    } else if (secret != null && secret.getStringData() != null && secret.getStringData().get(entry) != null) {
      value = secret.getStringData().get(entry).getBytes(StandardCharsets.UTF_8);
    }
    if (value == null) {
      throw new ReconcileFailure(Reasons.KEY_MATERIAL_INVALID, "Secret " + ref.getName() + " or its key " + entry
          + " does not exist (yet)");
    }
    try {
      return EncryptionKeyModel.rawKey(value);
    } catch (IllegalArgumentException e) {
      throw ReconcileFailure.permanent(Reasons.KEY_MATERIAL_INVALID, "Secret " + ref.getName() + " key " + entry + ": "
          + e.getMessage());
    }
  }

  @Override
  protected Optional<KeyState> read(DataPlaneClient client, EncryptionKey key) {
    return client.describeKey(EncryptionKeyModel.scope(key));
  }

  @Override
  protected KeyState desired(EncryptionKey key, Context<EncryptionKey> context) {
    return new KeyState(EncryptionKeyModel.scope(key), 0, 0, 0, Boolean.TRUE.equals(key.getSpec().getRevoked()));
  }

  @Override
  public Matcher.Result<KeyState> match(KeyState actual, EncryptionKey key, Context<EncryptionKey> context) {
    return Matcher.Result.nonComputed(EncryptionKeyModel.action(key.getSpec(), key.getStatus(), actual, clock.instant())
        == EncryptionKeyModel.Action.NONE);
  }

  @Override
  public KeyState create(KeyState desired, EncryptionKey key, Context<EncryptionKey> context) {
    DataPlaneClient client = client(key);
    KeyScopeRef scope = EncryptionKeyModel.scope(key);
    int version = client.installKeyVersion(scope, materials.get(ResourceID.fromResource(key)));
    events().record(key, false, Reasons.KEY_INSTALLED, "handed version " + version + " of the key for " + scope.describe()
        + " to the data plane");
    return reread(client, key);
  }

  @Override
  public KeyState update(KeyState actual, KeyState desired, EncryptionKey key, Context<EncryptionKey> context) {
    DataPlaneClient client = client(key);
    KeyScopeRef scope = actual.scope();
    KeyMaterial material = materials.get(ResourceID.fromResource(key));
    switch (EncryptionKeyModel.action(key.getSpec(), key.getStatus(), actual, clock.instant())) {
      case ROTATE -> {
        int version = client.installKeyVersion(scope, material);
        events().record(key, false, Reasons.KEY_ROTATED, "version " + version + " of the key for " + scope.describe()
            + " is active; existing data keys are re-wrapped in the background");
      }
      case REVOKE -> {
        client.revokeKey(scope);
        events().record(key, true, Reasons.KEY_REVOKED, "revoked the key for " + scope.describe() + ": its data is unreadable");
      }
      case RESTORE -> {
        client.restoreKey(scope, material);
        events().record(key, false, Reasons.KEY_RESTORED, "restored the key for " + scope.describe());
      }
      case NONE -> { }
    }
    return reread(client, key);
  }

  private KeyState reread(DataPlaneClient client, EncryptionKey key) {
    return read(client, key).orElseThrow(() -> new ReconcileFailure(Reasons.DATA_PLANE_UNAVAILABLE,
        "the data plane does not report the key it just took; will look again"));
  }

  @Override
  protected void forget(ResourceID id) {
    super.forget(id);
    materials.remove(id);
  }
}
