package io.quiver.server.it;

import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Node SDK against a server with authorization enabled: wrong password, unknown user and no
 * credentials get the authentication status (code 1800, PermissionDenied) promptly on every call,
 * without retry loops; root with the default password works.
 */
class NodeSdkAuthIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create()
      .with("security.authorization-enabled", "true");

  @Test
  void nodeSdkGetsTheAuthenticationErrorAndDoesNotRetry() throws Exception {
    NodeScript.runAndExpectOk("sdk-auth.mjs", QUIVER.address());
  }
}
