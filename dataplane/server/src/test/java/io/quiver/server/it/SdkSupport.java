package io.quiver.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.IndexBuildState;
import io.milvus.v2.common.IndexParam.MetricType;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Shared helpers of the SDK integration tests: clients, seeded data, and brute-force search
 * computed in the test (the reference the server's results are checked against).
 */
final class SdkSupport {

  static final Gson GSON = new Gson();

  private SdkSupport() {}

  /**
   * A client that fails fast: one attempt per call (a server bug must fail the test, not make
   * the SDK retry for minutes) and a generous deadline so a hang fails instead of blocking.
   */
  static MilvusClientV2 client(QuiverStandaloneExtension quiver) {
    return client(ConnectConfig.builder().uri(quiver.uri()).rpcDeadlineMs(120_000).build());
  }

  static MilvusClientV2 client(ConnectConfig config) {
    MilvusClientV2 client = new MilvusClientV2(config);
    client.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
    return client;
  }

  /** A raw channel, for the RPCs the V2 client has no method for. Close it with {@link #close}. */
  static ManagedChannel channel(QuiverStandaloneExtension quiver) {
    URI uri = URI.create(quiver.uri());
    return ManagedChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext()
        .maxInboundMessageSize(Integer.MAX_VALUE).build();
  }

  static MilvusServiceGrpc.MilvusServiceBlockingStub stub(ManagedChannel channel) {
    return MilvusServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  static void close(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  /**
   * Asserts that {@code call} fails with a Milvus error status (not a gRPC error or a client-side
   * check) whose message contains every fragment.
   */
  static MilvusClientException assertServerError(ThrowingCallable call, String... fragments) {
    Throwable[] caught = new Throwable[1];
    assertThatThrownBy(() -> {
      try {
        call.call();
      } catch (Throwable t) {
        caught[0] = t;
        throw t;
      }
    }).isInstanceOf(MilvusClientException.class);
    MilvusClientException e = (MilvusClientException) caught[0];
    assertThat(e.getErrorCode()).as("a Milvus status from the server: %s", e.getMessage())
        .isEqualTo(io.milvus.v2.exception.ErrorCode.SERVER_ERROR);
    assertThat(e.getServerErrCode()).as("server error code").isNotZero();
    for (String f : fragments) {
      assertThat(e.getMessage()).as("error message").contains(f);
    }
    return e;
  }

  // ------------------------------------------------------------------ vectors

  static float[] randomVector(Random random, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  /** {@code n} points of a seeded Gaussian mixture with {@code clusters} centres (spread 1, centres spread 4). */
  static float[][] gaussianMixture(long seed, int n, int dim, int clusters) {
    Random random = new Random(seed);
    float[][] centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centres[c] = randomVector(random, dim);
      for (int i = 0; i < dim; i++) {
        centres[c][i] *= 4;
      }
    }
    float[][] out = new float[n][dim];
    for (int r = 0; r < n; r++) {
      float[] centre = centres[random.nextInt(clusters)];
      for (int i = 0; i < dim; i++) {
        out[r][i] = centre[i] + (float) random.nextGaussian();
      }
    }
    return out;
  }

  static JsonArray json(float[] v) {
    JsonArray a = new JsonArray();
    for (float x : v) {
      a.add(x);
    }
    return a;
  }

  static List<BaseVector> queries(float[]... vectors) {
    List<BaseVector> out = new ArrayList<>();
    for (float[] v : vectors) {
      out.add(new FloatVec(v));
    }
    return out;
  }

  static float[] floats(Object listOfNumbers) {
    List<?> l = (List<?>) listOfNumbers;
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }

  // ------------------------------------------------------------------ brute force

  /** The score Milvus reports: squared L2 distance, inner product, or cosine similarity. */
  static double score(MetricType metric, float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    double l2 = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
      double d = (double) a[i] - b[i];
      l2 += d * d;
    }
    return switch (metric) {
      case L2 -> l2;
      case IP -> dot;
      case COSINE -> dot / (Math.sqrt(na) * Math.sqrt(nb));
      default -> throw new IllegalArgumentException(metric.name());
    };
  }

  static boolean largerIsBetter(MetricType metric) {
    return metric != MetricType.L2;
  }

  /** A scored row of a brute-force search. */
  record Scored(int row, double score) {}

  /** Every row among {@code candidates}, best first (ties by row number). */
  static List<Scored> ranked(MetricType metric, float[] query, float[][] vectors, int[] candidates) {
    List<Scored> all = new ArrayList<>(candidates.length);
    for (int r : candidates) {
      all.add(new Scored(r, score(metric, query, vectors[r])));
    }
    Comparator<Scored> byScore = Comparator.comparingDouble(Scored::score);
    if (largerIsBetter(metric)) {
      byScore = byScore.reversed();
    }
    all.sort(byScore.thenComparingInt(Scored::row));
    return all;
  }

  static List<Scored> ranked(MetricType metric, float[] query, float[][] vectors) {
    return ranked(metric, query, vectors, IntStream.range(0, vectors.length).toArray());
  }

  // ------------------------------------------------------------------ indexes

  /** Polls describeIndex until every index of {@code field} reports Finished with no pending rows. */
  static DescribeIndexResp.IndexDesc waitForIndex(MilvusClientV2 client, String collection, String field)
      throws InterruptedException {
    while (true) {
      DescribeIndexResp resp = client.describeIndex(DescribeIndexReq.builder().collectionName(collection)
          .fieldName(field).build());
      DescribeIndexResp.IndexDesc desc = resp.getIndexDescByFieldName(field);
      assertThat(desc.getIndexState()).isNotEqualTo(IndexBuildState.Failed);
      if (desc.getIndexState() == IndexBuildState.Finished && desc.getPendingIndexRows() == 0) {
        return desc;
      }
      Thread.sleep(200);
    }
  }

  // ------------------------------------------------------------------ JSON values

  static JsonObject object(Object... keyValues) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < keyValues.length; i += 2) {
      o.add((String) keyValues[i], GSON.toJsonTree(keyValues[i + 1]));
    }
    return o;
  }

  static JsonElement tree(Object value) {
    return GSON.toJsonTree(value);
  }
}
