package io.quiver.control.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import io.quiver.control.api.ErrorBody;
import io.quiver.control.apikey.ApiKeyService;
import io.quiver.control.apikey.StoredKey;
import io.quiver.control.audit.AuditIntakeController;
import io.quiver.control.audit.AuditLog;
import java.net.InetSocketAddress;
import java.time.Clock;
import io.quiver.server.auth.ApiKeyToken;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every {@code /api/**} request with a Keycloak bearer token ({@link JwtVerifier}) or
 * an API key ({@code X-API-Key: qk_...} or {@code Authorization: Bearer qk_...}, limited to its
 * tenant and role)
 * except the public routes (the OpenAPI document), the key registry (which checks its own service
 * token) and the audit intake (which needs the service token), and appends every mutating call (POST, PUT, PATCH, DELETE), allowed or not, to
 * the {@link AuditLog}.
 */
@ServerFilter("/api/**")
public final class AuthFilter {

  /** Routes that need no person's token. */
  static final Set<String> PUBLIC = Set.of("/api/v1/openapi.yml", "/api/v1/key-registry");
  private static final Set<HttpMethod> MUTATING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);
  private static final System.Logger LOG = System.getLogger(AuthFilter.class.getName());
  /** The header an application may send its API key in (or {@code Authorization: Bearer qk_...}). */
  public static final String API_KEY_HEADER = "X-API-Key";
  private static final java.util.regex.Pattern MEMBERS = java.util.regex.Pattern.compile(
      "/api/v1/tenants/[^/]+/members(/.*)?");

  private final JwtVerifier verifier;
  private final AuditLog audit;
  private final Clock clock;
  private final ServiceToken serviceToken;
  private final ApiKeyService apiKeys;

  public AuthFilter(JwtVerifier verifier, AuditLog audit, Clock clock, ServiceToken serviceToken,
      ApiKeyService apiKeys) {
    this.verifier = verifier;
    this.audit = audit;
    this.clock = clock;
    this.serviceToken = serviceToken;
    this.apiKeys = apiKeys;
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  public HttpResponse<ErrorBody> authenticate(HttpRequest<?> request) {
    if (PUBLIC.contains(request.getPath())) {
      return null;
    }
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (request.getPath().equals(AuditIntakeController.PATH)) {
      // the data plane's service token, checked before the body is read
      return serviceToken.matches(header) ? null : unauthorized(request, "the audit intake needs the service token");
    }
    String apiKey = request.getHeaders().get(API_KEY_HEADER);
    if (apiKey == null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && header.substring(7).trim().startsWith(ApiKeyToken.PREFIX)) {
      apiKey = header.substring(7).trim();
    }
    if (apiKey != null) {
      return authenticateApiKey(request, apiKey.trim());
    }
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return unauthorized(request, "a bearer token from the identity provider or an API key is required");
    }
    try {
      request.setAttribute(Caller.ATTRIBUTE, verifier.verify(header.substring(7).trim()));
      return null;
    } catch (JwtVerifier.InvalidTokenException e) {
      LOG.log(System.Logger.Level.DEBUG, "refused a token: {0}", e.getMessage());
      return unauthorized(request, "the bearer token is not valid: " + e.getMessage());
    }
  }

  /**
   * An application's API key: valid (known, live, matching secret), then limited to its tenant and
   * role: {@code read} and {@code write} keys may only read (GET), no key reaches the member routes
   * (people are managed by people), and an {@code admin} key acts like a tenant admin otherwise.
   */
  private HttpResponse<ErrorBody> authenticateApiKey(HttpRequest<?> request, String token) {
    Optional<StoredKey> key = apiKeys.authenticate(token);
    if (key.isEmpty()) {
      return unauthorized(request, "the API key is not valid (malformed, unknown, revoked or expired)");
    }
    StoredKey k = key.get();
    request.setAttribute(Caller.ATTRIBUTE, Caller.ofApiKey(k.id(), k.tenant(), k.role()));
    if (MEMBERS.matcher(request.getPath()).matches()) {
      return forbidden(request, "API keys cannot read or manage members; sign in as a person");
    }
    if (!"admin".equals(k.role()) && !(request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD)) {
      return forbidden(request, "a " + k.role() + " API key may only read (GET); this needs an admin key");
    }
    return null;
  }

  private MutableHttpResponse<ErrorBody> forbidden(HttpRequest<?> request, String message) {
    MutableHttpResponse<ErrorBody> response = HttpResponse.<ErrorBody>status(io.micronaut.http.HttpStatus.FORBIDDEN)
        .body(new ErrorBody(403, message, null));
    audit(request, response);
    return response;
  }

  /** A 401; a refused mutating call is audited here (the response filter does not see short-circuited calls). */
  private MutableHttpResponse<ErrorBody> unauthorized(HttpRequest<?> request, String message) {
    MutableHttpResponse<ErrorBody> response = HttpResponse.<ErrorBody>unauthorized()
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").body(new ErrorBody(401, message, null));
    audit(request, response);
    return response;
  }

  @ResponseFilter
  public void audit(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (!MUTATING.contains(request.getMethod())) {
      return;
    }
    if (request.getPath().equals(AuditIntakeController.PATH) && response.code() < 400) {
      return; // the shipped events are the entries; the delivery itself is not one
    }
    String actor = Caller.find(request).map(Caller::username).orElse("unauthenticated");
    String action = RouteAttributes.getRouteInfo(request)
        .filter(r -> r instanceof MethodBasedRouteInfo<?, ?>)
        .map(r -> ((MethodBasedRouteInfo<?, ?>) r).getTargetMethod().getMethodName())
        .orElse(request.getMethodName() + " " + request.getPath());
    String target = response.getHeaders().get(HttpHeaders.LOCATION);
    if (target == null) {
      target = request.getPath();
    }
    String tenant = tenantOf(target);
    int status = response.code();
    String result;
    if (status < 400) {
      result = "success";
    } else {
      String reason = response.getBody(ErrorBody.class).map(ErrorBody::error).orElse("HTTP " + status);
      result = (status == 401 || status == 403 || status == 404 ? "denied: " : "failed: ") + status + " " + reason;
    }
    String source = request.getRemoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() + ":"
        + a.getPort() : String.valueOf(request.getRemoteAddress());
    audit.append(clock.instant(), actor, tenant, action, target, result, source);
  }

  /** The tenant named by a path {@code /api/v1/tenants/<tenant>/...}, or {@code ""}. */
  static String tenantOf(String path) {
    String prefix = "/api/v1/tenants/";
    if (!path.startsWith(prefix)) {
      return "";
    }
    String rest = path.substring(prefix.length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
