package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.rbac.request.CreateUserReq;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Authorization is off by default, as in Milvus: no credentials needed, and any credentials are ignored. */
class AuthDisabledIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  @Test
  void noCredentialsAreNeededAndAnyAreAccepted() {
    MilvusClientV2 anonymous = SdkSupport.client(QUIVER);
    MilvusClientV2 wrong = SdkSupport.client(ConnectConfig.builder().uri(QUIVER.uri()).username("root").password("nope")
        .build());
    try {
      assertThat(anonymous.listDatabases().getDatabaseNames()).contains("default");
      assertThat(wrong.listDatabases().getDatabaseNames()).contains("default");
      // the user RPCs work too (their records are kept for when authorization is turned on)
      anonymous.createUser(CreateUserReq.builder().userName("early").password("early-password").build());
      assertThat(wrong.listUsers()).containsExactly("early", "root");
    } finally {
      anonymous.close();
      wrong.close();
    }
  }
}
