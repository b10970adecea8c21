package io.quiver.testkit;

import io.quiver.testkit.keycloak.KeycloakCache;

/**
 * Fetches and prepares what the testkit's services run from, the same way the extensions do on
 * first use: the s3proxy jar and the Keycloak distribution into {@code $QUIVER_CACHE/artifacts},
 * then the one-time Keycloak build ({@link KeycloakCache}). {@code scripts/prereqs.sh} runs it;
 * it prints nothing when everything is in place.
 */
public final class Prereqs {

    private Prereqs() {
    }

    /** Ensures the artifacts and the Keycloak cache; exits non-zero with the reason on failure. */
    public static void main(String[] args) {
        Artifacts.resolve(Artifacts.S3PROXY);
        Artifacts.resolve(Artifacts.KEYCLOAK_DIST);
        KeycloakCache.standard().ensurePrepared();
    }
}
