package io.quiver.storage.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.ErrorResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class S3ErrorsTest {

  private static final String WHAT = "PUT s3://bucket/p/k";

  private static ErrorResponseException s3Error(String code, int status) {
    Request request = new Request.Builder().url("http://127.0.0.1:9000/bucket/p/k")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIASECRETID/20250101/us-east-1/s3/aws4_request").build();
    Response response = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(status).message("m").build();
    return new ErrorResponseException(new ErrorResponse(code, "message of " + code, "bucket", "p/k", "/bucket/p/k", "req-1",
        "host-1"), response, "trace with AKIASECRETID");
  }

  private static ObjectStoreException classify(Throwable e) {
    return S3Errors.classify(WHAT, "k", "bucket", e);
  }

  @Test
  void networkFailuresAndTimeoutsAreRetryable() {
    assertThat(classify(new ConnectException("Failed to connect to /127.0.0.1:9000")))
        .satisfies(e -> assertThat(e.retryable()).isTrue())
        .hasMessage(WHAT + ": ConnectException: Failed to connect to /127.0.0.1:9000");
    assertThat(classify(new SocketTimeoutException("timeout")).retryable()).isTrue();
    assertThat(classify(new IOException("unexpected end of stream")).retryable()).isTrue();
    assertThat(classify(new UnknownHostException("s3.example")).retryable()).isTrue();
    assertThat(classify(new S3Errors.AttemptTimeoutException(2_000_000_000L)))
        .hasMessage(WHAT + ": no response within 2000 ms")
        .satisfies(e -> assertThat(e.retryable()).isTrue());
    assertThat(classify(new SSLHandshakeException("PKIX path building failed")).retryable()).isFalse();
  }

  @Test
  void overloadAndServerErrorsAreRetryable() {
    for (String code : new String[] {"SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable"}) {
      assertThat(classify(s3Error(code, 503)).retryable()).as(code).isTrue();
    }
    assertThat(classify(s3Error("SomethingNew", 500)).retryable()).isTrue();
    assertThat(classify(s3Error("SomethingNew", 400)).retryable()).isFalse();
    for (int status : new int[] {500, 502, 503, 504, 429, 408}) {
      assertThat(classify(new ServerException("server failed", status, "trace")).retryable()).as("%d", status).isTrue();
    }
    assertThat(classify(new ServerException("server failed", 501, "trace")).retryable()).isFalse();
    assertThat(classify(new InvalidResponseException(502, "text/html", "<html>Bad Gateway</html>", "trace")))
        .satisfies(e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("HTTP 502");
  }

  @Test
  void permanentErrorsAreNotRetryableAndSayWhatToCheck() {
    assertThat(classify(s3Error("NoSuchKey", 404))).isInstanceOf(ObjectNotFoundException.class)
        .hasMessage(WHAT + ": no such object");
    assertThat(classify(s3Error("NoSuchBucket", 404)))
        .satisfies(e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("the bucket 'bucket' does not exist");
    for (String code : new String[] {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"}) {
      assertThat(classify(s3Error(code, 403)))
          .satisfies(e -> assertThat(e.retryable()).as(code).isFalse())
          .hasMessageContaining("refused the credentials")
          .hasMessageContaining(code)
          .hasMessageContaining("request id req-1")
          .hasNoCause()
          .satisfies(e -> assertThat(e.toString()).doesNotContain("AKIASECRETID"));
    }
    assertThat(classify(s3Error("InvalidRange", 416)).retryable()).isFalse();
  }

  @Test
  void wrappersAreRemovedAndStoreExceptionsPassThrough() {
    ObjectStoreException own = new ObjectStoreException("GET_RANGE s3://bucket/k: past the end", false);
    assertThat(classify(new CompletionException(own))).isSameAs(own);
    assertThat(classify(new ExecutionException(new CompletionException(s3Error("SlowDown", 503)))).retryable()).isTrue();
    assertThat(S3Errors.code(new CompletionException(s3Error("NoSuchUpload", 404)))).isEqualTo("NoSuchUpload");
    assertThat(S3Errors.code(new IOException())).isNull();
  }
}
