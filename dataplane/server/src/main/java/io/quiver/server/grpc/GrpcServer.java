package io.quiver.server.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC endpoint of the data plane. Keepalive is permissive because the Node SDK pings every
 * 10 s, also without calls; the inbound size limit is enforced as a Milvus status by
 * {@link RequestSizeLimit}, with the transport's own limit set above it. Every call is authenticated
 * and authorized by {@link AuthInterceptor} (with the service's {@link MilvusService#security()})
 * before its size is checked or the service sees it.
 */
public final class GrpcServer implements AutoCloseable {

  private final Server server;

  private GrpcServer(Server server) {
    this.server = server;
  }

  public static GrpcServer start(String host, int port, long maxRequestBytes, MilvusService service) throws IOException {
    int transportLimit = (int) Math.min(Integer.MAX_VALUE, maxRequestBytes * 4);
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(ServerInterceptors.intercept(UnsupportedRpcs.bind(service), service.requestMetrics(),
            new RequestSizeLimit(maxRequestBytes),
            new AuthInterceptor(service.security()), new RequestContext.Interceptor()))
        .maxInboundMessageSize(transportLimit)
        .maxInboundMetadataSize(64 * 1024)
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .keepAliveTime(60, TimeUnit.SECONDS)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .build()
        .start();
    return new GrpcServer(server);
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getPort();
  }

  /** Stops accepting calls and waits up to {@code seconds} for running calls to finish. */
  public void shutdown(long seconds) throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(seconds, TimeUnit.SECONDS)) {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    try {
      shutdown(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
  }
}
