package io.quiver.testkit.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.testkit.process.LoopbackHttp;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

class KeycloakExtensionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM = "quiver-it";
    private static final String CLIENT_ID = "quiver-app";
    private static final String CLIENT_SECRET = "quiver-app-secret";
    private static final String AUDIENCE = "quiver-api";
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-password";

    @RegisterExtension
    static final KeycloakExtension keycloak = KeycloakExtension.create()
            .withRealmJson("""
                    {"realm": "from-json", "enabled": true, "displayName": "Imported from a string"}
                    """)
            .withRealmFile(resource("realms/file-realm.json"));

    private static Path resource(String name) {
        try {
            return Path.of(KeycloakExtensionIT.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void createRealmClientAndUser() {
        try (Keycloak admin = keycloak.adminClient()) {
            RealmRepresentation realm = new RealmRepresentation();
            realm.setRealm(REALM);
            realm.setEnabled(true);
            admin.realms().create(realm);

            ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
            audience.setName("quiver-api-audience");
            audience.setProtocol("openid-connect");
            audience.setProtocolMapper("oidc-audience-mapper");
            audience.setConfig(Map.of(
                    "included.custom.audience", AUDIENCE,
                    "access.token.claim", "true",
                    "id.token.claim", "false"));
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(CLIENT_ID);
            client.setPublicClient(false);
            client.setSecret(CLIENT_SECRET);
            client.setDirectAccessGrantsEnabled(true);
            client.setStandardFlowEnabled(false);
            client.setProtocolMappers(List.of(audience));
            try (Response response = admin.realm(REALM).clients().create(client)) {
                assertThat(response.getStatus()).isEqualTo(201);
            }

            CredentialRepresentation password = new CredentialRepresentation();
            password.setType(CredentialRepresentation.PASSWORD);
            password.setValue(PASSWORD);
            password.setTemporary(false);
            UserRepresentation user = new UserRepresentation();
            user.setUsername(USER);
            user.setEmail("alice@example.com");
            user.setFirstName("Alice");
            user.setLastName("Quiver");
            user.setEmailVerified(true);
            user.setEnabled(true);
            user.setCredentials(List.of(password));
            try (Response response = admin.realm(REALM).users().create(user)) {
                assertThat(response.getStatus()).isEqualTo(201);
            }
        }
    }

    private static String passwordGrant() throws Exception {
        String form = Map.of(
                        "grant_type", "password",
                        "client_id", CLIENT_ID,
                        "client_secret", CLIENT_SECRET,
                        "username", USER,
                        "password", PASSWORD,
                        "scope", "openid")
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = LoopbackHttp.send(HttpRequest.newBuilder(keycloak.tokenEndpoint(REALM))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static JsonNode decodePart(String part) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(part));
    }

    /** Verifies an RS256 JWS against the realm's JWKS; returns whether the signature holds. */
    private static boolean signatureIsValid(String token) throws Exception {
        String[] parts = token.split("\\.");
        JsonNode header = decodePart(parts[0]);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        JsonNode jwks = JSON.readTree(LoopbackHttp.get(keycloak.jwksUri(REALM)).body());
        JsonNode key = null;
        for (JsonNode candidate : jwks.path("keys")) {
            if (candidate.path("kid").asText().equals(header.path("kid").asText())) {
                key = candidate;
            }
        }
        assertThat(key).as("JWKS key %s", header.path("kid")).isNotNull();
        Base64.Decoder base64 = Base64.getUrlDecoder();
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, base64.decode(key.path("n").asText())),
                new BigInteger(1, base64.decode(key.path("e").asText()))));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(base64.decode(parts[2]));
    }

    @Test
    void passwordGrantTokenValidatesAgainstTheRealmJwks() throws Exception {
        String token = passwordGrant();

        assertThat(signatureIsValid(token)).isTrue();
        JsonNode claims = decodePart(token.split("\\.")[1]);
        assertThat(claims.path("iss").asText()).isEqualTo(keycloak.issuer(REALM));
        List<String> audiences = new ArrayList<>();
        if (claims.path("aud").isArray()) {
            claims.path("aud").forEach(aud -> audiences.add(aud.asText()));
        } else {
            audiences.add(claims.path("aud").asText());
        }
        assertThat(audiences).contains(AUDIENCE);
        assertThat(Instant.ofEpochSecond(claims.path("exp").asLong())).isAfter(Instant.now());
        assertThat(claims.path("preferred_username").asText()).isEqualTo(USER);
    }

    @Test
    void aTamperedTokenFailsVerification() throws Exception {
        String[] parts = passwordGrant().split("\\.");
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"" + USER + "\"", "\"mallory\"").getBytes(StandardCharsets.UTF_8));

        assertThat(signatureIsValid(parts[0] + "." + forgedClaims + "." + parts[2])).isFalse();
    }

    @Test
    void importsRealmsGivenAsJsonAndAsFilesAtStart() throws Exception {
        try (Keycloak admin = keycloak.adminClient()) {
            assertThat(admin.realm("from-json").toRepresentation().getDisplayName()).isEqualTo("Imported from a string");
            assertThat(admin.realm("from-file").clients().findByClientId("file-client")).hasSize(1);
        }
        HttpResponse<String> discovery = LoopbackHttp.get(
                URI.create(keycloak.issuer("from-file") + "/.well-known/openid-configuration"));
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(discovery.body()).path("issuer").asText()).isEqualTo(keycloak.issuer("from-file"));
    }

    @Test
    void reportsReadyOnTheManagementPort() throws Exception {
        HttpResponse<String> health = LoopbackHttp.get(URI.create(keycloak.managementUrl() + "/health/ready"));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        assertThat(keycloak.managementPort()).isNotEqualTo(keycloak.httpPort());
    }
}
