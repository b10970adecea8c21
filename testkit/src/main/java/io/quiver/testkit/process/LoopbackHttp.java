package io.quiver.testkit.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The small HTTP client the testkit uses to probe and query its services on 127.0.0.1:
 * HTTP/1.1, 1 s connect timeout, 3 s request timeout, no redirects.
 *
 * <p>Thread safety: all methods may be called from any thread; the underlying client is shared.
 */
public final class LoopbackHttp {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private LoopbackHttp() {
    }

    /** GETs {@code uri} and returns the response with its body as text. */
    public static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** POSTs {@code json} to {@code uri} and returns the response with its body as text. */
    public static HttpResponse<String> postJson(URI uri, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Sends {@code request} (timeout added here) and returns the response with its body as text. */
    public static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
