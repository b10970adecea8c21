package io.quiver.control.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.quiver.control.config.ControlConfig;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates Keycloak access tokens: a JWS (never an unsecured {@code alg=none} token, never an
 * HMAC one) signed with an allowed asymmetric algorithm by a key of the realm's JWKS, issued by the
 * configured issuer, for the configured audience, not expired (with the configured clock skew),
 * with a subject.
 *
 * <p>The key set is cached ({@code jwks-cache-ttl}); a token whose key id is not in the cached set
 * makes the verifier fetch the set again (key rotation), but never more often than
 * {@code jwks-min-refetch-interval}, so forged key ids cannot make it hammer Keycloak.
 *
 * <p>Thread-safe.
 */
public final class JwtVerifier {

  /** The realm role that makes a person a platform administrator. */
  public static final String PLATFORM_ADMIN = "platform-admin";

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String tenantsGroup;

  /** A verifier for {@code oidc}; tenants are the subgroups of {@code /<tenantsGroup>}. */
  public JwtVerifier(ControlConfig.Oidc oidc, String tenantsGroup) {
    this.tenantsGroup = tenantsGroup;
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.<SecurityContext>create(oidc.jwksUri().toURL(),
              new DefaultResourceRetriever(4_000, 4_000, 1 << 20))
          .cache(oidc.jwksCacheTtl().toMillis(), 4_000)
          .refreshAheadCache(false)
          .rateLimited(oidc.jwksMinRefetchInterval().toMillis())
          .retrying(false)
          .outageTolerant(false)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("control.oidc.jwks-uri: " + e.getMessage(), e);
    }
    Set<JWSAlgorithm> algorithms = oidc.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(oidc.audience(),
        new JWTClaimsSet.Builder().issuer(oidc.issuer()).build(), Set.of("sub", "exp", "iat"));
    claims.setMaxClockSkew((int) oidc.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * Validates {@code token} and returns its caller.
   *
   * @throws InvalidTokenException with the reason when the token is not acceptable
   */
  public Caller verify(String token) {
    SignedJWT jwt;
    try {
      // SignedJWT.parse refuses unsecured (alg=none) tokens and JWE.
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new InvalidTokenException("not a signed JWT: " + e.getMessage());
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (BadJOSEException e) {
      throw new InvalidTokenException(e.getMessage());
    } catch (JOSEException e) {
      throw new InvalidTokenException("the token's signature cannot be checked: " + e.getMessage());
    }
    return caller(claims);
  }

  private Caller caller(JWTClaimsSet claims) {
    boolean admin = false;
    Object realmAccess = claims.getClaim("realm_access");
    if (realmAccess instanceof Map<?, ?> access && access.get("roles") instanceof List<?> roles) {
      admin = roles.contains(PLATFORM_ADMIN);
    }
    Map<String, TenantRole> tenants = new HashMap<>();
    if (claims.getClaim("groups") instanceof List<?> groups) {
      String prefix = "/" + tenantsGroup + "/";
      for (Object g : groups) {
        if (!(g instanceof String path) || !path.startsWith(prefix)) {
          continue;
        }
        String[] parts = path.substring(prefix.length()).split("/");
        if (parts.length != 2) {
          continue;
        }
        TenantRole role = TenantRole.fromGroupName(parts[1]).orElse(null);
        if (role == null) {
          continue;
        }
        // In several role groups of one tenant: the strongest counts.
        tenants.merge(parts[0], role, (a, b) -> a.atLeast(b) ? a : b);
      }
    }
    String username = claims.getClaim("preferred_username") instanceof String u ? u : claims.getSubject();
    return new Caller(claims.getSubject(), username, admin, tenants);
  }

  /** A token that was refused; the message says why (for logs and the 401 body). */
  public static final class InvalidTokenException extends RuntimeException {
    public InvalidTokenException(String message) {
      super(message);
    }
  }
}
