package io.quiver.server.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.Status;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;

/**
 * Binds {@link MilvusService} so that every unary RPC it does not implement answers with a Milvus
 * status saying the RPC is not supported yet, instead of gRPC's UNIMPLEMENTED (which the Node SDK
 * turns into an empty object and crashes on).
 */
public final class UnsupportedRpcs {

  private UnsupportedRpcs() {}

  public static ServerServiceDefinition bind(MilvusService service) {
    ServerServiceDefinition generated = MilvusServiceGrpc.bindService(service);
    Set<String> implemented = new HashSet<>();
    for (Method m : MilvusService.class.getDeclaredMethods()) {
      implemented.add(m.getName());
    }
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(generated.getServiceDescriptor());
    for (ServerMethodDefinition<?, ?> m : generated.getMethods()) {
      MethodDescriptor<?, ?> md = m.getMethodDescriptor();
      String javaName = lowerCamel(md.getBareMethodName());
      if (implemented.contains(javaName) || md.getType() != MethodDescriptor.MethodType.UNARY) {
        b.addMethod(m);
      } else {
        b.addMethod(unsupported(m));
      }
    }
    return b.build();
  }

  /** The names of the RPCs answered as unsupported (for documentation and tests). */
  public static Set<String> unsupportedNames() {
    Set<String> implemented = new HashSet<>();
    for (Method m : MilvusService.class.getDeclaredMethods()) {
      implemented.add(m.getName());
    }
    Set<String> out = new java.util.TreeSet<>();
    for (MethodDescriptor<?, ?> md : MilvusServiceGrpc.getServiceDescriptor().getMethods().stream()
        .map(x -> (MethodDescriptor<?, ?>) x).toList()) {
      if (md.getType() == MethodDescriptor.MethodType.UNARY && !implemented.contains(lowerCamel(md.getBareMethodName()))) {
        out.add(md.getBareMethodName());
      }
    }
    return out;
  }

  /** The Java method name grpc-java generates for an RPC (keywords get a trailing underscore). */
  static String lowerCamel(String rpc) {
    String name = Character.toLowerCase(rpc.charAt(0)) + rpc.substring(1);
    return javax.lang.model.SourceVersion.isKeyword(name) ? name + "_" : name;
  }

  private static <Q, R> ServerMethodDefinition<Q, R> unsupported(ServerMethodDefinition<Q, R> m) {
    MethodDescriptor<Q, R> md = m.getMethodDescriptor();
    @SuppressWarnings("unchecked")
    MethodDescriptor.PrototypeMarshaller<R> marshaller = (MethodDescriptor.PrototypeMarshaller<R>) md.getResponseMarshaller();
    R prototype = marshaller.getMessagePrototype();
    String name = md.getBareMethodName();
    ServerCalls.UnaryMethod<Q, R> method = (request, observer) -> {
      @SuppressWarnings("unchecked")
      R response = (R) withStatus((Message) prototype, Statuses.unsupported(name));
      observer.onNext(response);
      observer.onCompleted();
    };
    return ServerMethodDefinition.create(md, ServerCalls.asyncUnaryCall(method));
  }

  /** {@code prototype} with its {@code status} field set (or {@code status} itself for Status responses). */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T withStatus(T prototype, Status status) {
    if (prototype instanceof Status) {
      return (T) status;
    }
    Descriptors.FieldDescriptor fd = prototype.getDescriptorForType().findFieldByName("status");
    if (fd == null || fd.getMessageType() != Status.getDescriptor()) {
      throw new IllegalStateException(prototype.getDescriptorForType().getFullName() + " has no status field");
    }
    return (T) prototype.toBuilder().setField(fd, status).build();
  }

  /** Prints the unsupported RPCs as docs/limits.md lists them (see scripts/generate-docs.sh). */
  public static void main(String[] args) {
    StringBuilder sb = new StringBuilder();
    for (String rpc : unsupportedNames()) {
      sb.append('`').append(rpc).append("` ");
    }
    System.out.println(sb.toString().strip());
  }
}
