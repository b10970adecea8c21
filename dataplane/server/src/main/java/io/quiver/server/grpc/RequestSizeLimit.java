package io.quiver.server.grpc;

import com.google.protobuf.Message;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quiver.engine.error.QuiverException;

/**
 * Rejects requests larger than the configured size with a Milvus status (the transport's own
 * limit is set higher, so that a client gets a readable error rather than RESOURCE_EXHAUSTED).
 */
public final class RequestSizeLimit implements ServerInterceptor {

  private final long maxBytes;

  public RequestSizeLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ServerCall.Listener<Q> delegate = next.startCall(call, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      private boolean rejected;

      @Override
      public void onMessage(Q message) {
        if (message instanceof Message m && m.getSerializedSize() > maxBytes) {
          rejected = true;
          reject(call, m.getSerializedSize());
          return;
        }
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (!rejected) {
          super.onHalfClose();
        }
      }
    };
  }

  private <Q, R> void reject(ServerCall<Q, R> call, int size) {
    MethodDescriptor<Q, R> md = call.getMethodDescriptor();
    @SuppressWarnings("unchecked")
    MethodDescriptor.PrototypeMarshaller<R> marshaller = (MethodDescriptor.PrototypeMarshaller<R>) md.getResponseMarshaller();
    QuiverException error = QuiverException.invalid(
        "request of %s is %d bytes, more than the maximum request size of %d bytes (server.max-request-bytes): split it into smaller batches",
        md.getBareMethodName(), size, maxBytes);
    @SuppressWarnings("unchecked")
    R response = (R) UnsupportedRpcs.withStatus((Message) marshaller.getMessagePrototype(), Statuses.of(error));
    call.sendHeaders(new Metadata());
    call.sendMessage(response);
    call.close(io.grpc.Status.OK, new Metadata());
  }
}
