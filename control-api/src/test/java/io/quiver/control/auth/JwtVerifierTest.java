package io.quiver.control.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.quiver.control.config.ControlConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token checks against a JWKS served on a loopback port by the test. */
class JwtVerifierTest {

  static final String ISSUER = "http://127.0.0.1/realms/quiver";
  static final String AUDIENCE = "quiver-api";

  HttpServer jwks;
  final List<JWK> published = new CopyOnWriteArrayList<>();
  final AtomicInteger fetches = new AtomicInteger();
  RSAKey rsa;
  JwtVerifier verifier;

  @BeforeEach
  void serveJwks() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    published.add(rsa.toPublicJWK());
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwks.createContext("/certs", ex -> {
      fetches.incrementAndGet();
      byte[] body = new JWKSet(new ArrayList<>(published)).toString(true).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    jwks.start();
    verifier = verifier(Duration.ofMillis(500));
  }

  JwtVerifier verifier(Duration minRefetch) {
    return new JwtVerifier(new ControlConfig.Oidc(ISSUER, AUDIENCE,
        URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs"),
        Set.of("RS256", "ES256"), Duration.ofSeconds(5), Duration.ofMinutes(5), minRefetch), "tenants");
  }

  @AfterEach
  void stop() {
    jwks.stop(0);
  }

  static JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of(AUDIENCE, "account")).subject("u-1")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
        .claim("preferred_username", "alice")
        .claim("realm_access", Map.of("roles", List.of("offline_access")))
        .claim("groups", List.of("/tenants/acme/tenant-admin", "/tenants/globex/tenant-viewer",
            "/tenants/globex/tenant-member", "/other/x/tenant-admin", "/tenants/bad/not-a-role"));
  }

  static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
        .type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Test
  void acceptsAValidTokenAndReadsTenantRolesFromGroups() throws Exception {
    Caller c = verifier.verify(sign(rsa, claims().build()));

    assertThat(c.username()).isEqualTo("alice");
    assertThat(c.platformAdmin()).isFalse();
    assertThat(c.tenants()).containsExactlyInAnyOrderEntriesOf(Map.of("acme", TenantRole.ADMIN,
        "globex", TenantRole.MEMBER));
  }

  @Test
  void readsThePlatformAdminRealmRole() throws Exception {
    Caller c = verifier.verify(sign(rsa, claims().claim("realm_access",
        Map.of("roles", List.of("platform-admin"))).build()));

    assertThat(c.platformAdmin()).isTrue();
  }

  @Test
  void acceptsEs256WhenAllowed() throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    published.add(ec.toPublicJWK());
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims().build());
    jwt.sign(new ECDSASigner(ec));

    assertThat(verifier.verify(jwt.serialize()).username()).isEqualTo("alice");
  }

  @Test
  void refusesAnUnsignedAlgNoneToken() throws Exception {
    String none = new PlainJWT(claims().build()).serialize();
    // the same with a key id, and with a signature part appended
    String header = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8));
    String body = none.split("\\.")[1];

    assertThatThrownBy(() -> verifier.verify(none)).isInstanceOf(JwtVerifier.InvalidTokenException.class);
    assertThatThrownBy(() -> verifier.verify(header + "." + body + "."))
        .isInstanceOf(JwtVerifier.InvalidTokenException.class);
    assertThatThrownBy(() -> verifier.verify(header + "." + body + ".c2ln"))
        .isInstanceOf(JwtVerifier.InvalidTokenException.class);
  }

  @Test
  void refusesHmacTokensEvenSignedWithThePublicKey() throws Exception {
    byte[] secret = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims().build());
    jwt.sign(new MACSigner(secret));

    assertThatThrownBy(() -> verifier.verify(jwt.serialize())).isInstanceOf(JwtVerifier.InvalidTokenException.class);
  }

  @Test
  void refusesAnotherAudienceAnotherIssuerAndExpiredTokens() throws Exception {
    String otherAudience = sign(rsa, claims().audience("account").build());
    String otherIssuer = sign(rsa, claims().issuer("http://127.0.0.1/realms/other").build());
    String expired = sign(rsa, claims().expirationTime(Date.from(Instant.now().minusSeconds(60))).build());
    String noSubject = sign(rsa, claims().subject(null).build());

    assertThatThrownBy(() -> verifier.verify(otherAudience)).hasMessageContaining("aud");
    assertThatThrownBy(() -> verifier.verify(otherIssuer)).hasMessageContaining("iss");
    assertThatThrownBy(() -> verifier.verify(expired)).hasMessageContaining("xpired");
    assertThatThrownBy(() -> verifier.verify(noSubject)).hasMessageContaining("sub");
  }

  @Test
  void refusesATamperedToken() throws Exception {
    String[] parts = sign(rsa, claims().build()).split("\\.");
    String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims().claim("realm_access", Map.of("roles", List.of("platform-admin"))).build().toString()
            .getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> verifier.verify(parts[0] + "." + forged + "." + parts[2]))
        .isInstanceOf(JwtVerifier.InvalidTokenException.class);
  }

  @Test
  void refusesAKeyNotInTheJwks() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();

    assertThatThrownBy(() -> verifier.verify(sign(stranger, claims().build())))
        .isInstanceOf(JwtVerifier.InvalidTokenException.class);
  }

  @Test
  void refetchesTheJwksForAnUnknownKeyIdAfterRotation() throws Exception {
    verifier.verify(sign(rsa, claims().build()));
    int before = fetches.get();
    RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    published.add(rotated.toPublicJWK());
    Thread.sleep(600); // past the minimum refetch interval

    assertThat(verifier.verify(sign(rotated, claims().build())).username()).isEqualTo("alice");
    assertThat(fetches.get()).isEqualTo(before + 1);
  }

  @Test
  void unknownKeyIdsDoNotMakeItFetchMoreOftenThanTheMinimumInterval() throws Exception {
    JwtVerifier slow = verifier(Duration.ofSeconds(30));
    slow.verify(sign(rsa, claims().build()));
    int before = fetches.get();
    for (int i = 0; i < 20; i++) {
      RSAKey forged = new RSAKeyGenerator(2048).keyID("forged-" + i).generate();
      assertThatThrownBy(() -> slow.verify(sign(forged, claims().build())))
          .isInstanceOf(JwtVerifier.InvalidTokenException.class);
    }

    assertThat(fetches.get() - before).isLessThanOrEqualTo(1);
  }
}
