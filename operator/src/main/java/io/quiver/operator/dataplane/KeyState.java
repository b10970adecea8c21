package io.quiver.operator.dataplane;

/**
 * A scope's key as the data plane reports it.
 *
 * @param scope the tenant or database the key protects
 * @param activeVersion version wrapping new data keys
 * @param dataKeysRewrapped data keys wrapped by the active version
 * @param dataKeysTotal data keys under this key
 * @param revoked whether the key is revoked
 */
public record KeyState(KeyScopeRef scope, int activeVersion, long dataKeysRewrapped, long dataKeysTotal,
    boolean revoked) {}
