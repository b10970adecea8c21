package io.quiver.server.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.milvus.grpc.FlushAllTarget;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.Status;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Calls any RPC of the Milvus service generically through a raw channel: for the tests that
 * check every implemented RPC (authentication, authorization, tenant isolation).
 */
public final class RpcProbe {

  private RpcProbe() {}

  /** The RPC names MilvusService implements (its public overrides of MilvusServiceGrpc.AsyncService). */
  public static Set<String> implementedRpcs() {
    Set<String> out = new TreeSet<>();
    for (Method m : MilvusService.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers())) {
        continue;
      }
      try {
        MilvusServiceGrpc.AsyncService.class.getMethod(m.getName(), m.getParameterTypes());
        String name = m.getName().endsWith("_") ? m.getName().substring(0, m.getName().length() - 1) : m.getName();
        out.add(Character.toUpperCase(name.charAt(0)) + name.substring(1)); // import_ is the RPC Import
      } catch (NoSuchMethodException e) {
        // a helper, not an RPC
      }
    }
    return out;
  }

  /** The method descriptors of the implemented RPCs, sorted by name. */
  @SuppressWarnings("unchecked")
  public static List<MethodDescriptor<Message, Message>> implementedMethods() {
    Set<String> implemented = implementedRpcs();
    List<MethodDescriptor<Message, Message>> out = new ArrayList<>();
    for (Object o : MilvusServiceGrpc.getServiceDescriptor().getMethods()) {
      MethodDescriptor<Message, Message> md = (MethodDescriptor<Message, Message>) o;
      if (implemented.contains(md.getBareMethodName())) {
        out.add(md);
      }
    }
    out.sort((a, b) -> a.getBareMethodName().compareTo(b.getBareMethodName()));
    return out;
  }

  /** The default (empty) request of {@code md}. */
  public static Message emptyRequest(MethodDescriptor<Message, Message> md) {
    return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) md.getRequestMarshaller()).getMessagePrototype();
  }

  /**
   * A request of {@code md} naming database {@code db} and collection {@code collection} in every
   * field that holds a database or collection name (including flush targets and rename targets).
   */
  public static Message request(MethodDescriptor<Message, Message> md, String db, String collection) {
    Message.Builder b = emptyRequest(md).toBuilder();
    for (Descriptors.FieldDescriptor f : b.getDescriptorForType().getFields()) {
      String name = f.getName();
      boolean string = f.getJavaType() == Descriptors.FieldDescriptor.JavaType.STRING;
      if (string && !f.isRepeated() && (name.equals("db_name") || name.equals("dbName") || name.equals("newDBName"))) {
        b.setField(f, db);
      } else if (string && !f.isRepeated() && (name.equals("collection_name") || name.equals("collectionName")
          || name.equals("oldName"))) {
        b.setField(f, collection);
      } else if (string && f.isRepeated() && (name.equals("collection_names") || name.equals("collection_name"))) {
        b.addRepeatedField(f, collection);
      } else if (string && !f.isRepeated() && name.equals("newName")) {
        b.setField(f, collection + "_renamed");
      } else if (name.equals("flush_targets")) {
        b.addRepeatedField(f, FlushAllTarget.newBuilder().setDbName(db).addCollectionNames(collection).build());
      }
    }
    return b.build();
  }

  /** Headers with {@code authorization} = base64 of {@code credentials} (null: none) and {@code dbname} (null: none). */
  public static Metadata headers(String credentials, String dbName) {
    Metadata h = new Metadata();
    if (credentials != null) {
      h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    if (dbName != null) {
      h.put(Metadata.Key.of("dbname", Metadata.ASCII_STRING_MARSHALLER), dbName);
    }
    return h;
  }

  /** Calls {@code md} with {@code request} and {@code headers}; returns the response (a gRPC error propagates). */
  public static Message call(Channel channel, MethodDescriptor<Message, Message> md, Message request, Metadata headers) {
    Channel ch = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    return ClientCalls.blockingUnaryCall(ch, md, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), request);
  }

  /** The Milvus status of a response. */
  public static Status status(Message response) {
    Status s = AuthInterceptor.statusOf(response);
    if (s == null) {
      throw new AssertionError(response.getDescriptorForType().getFullName() + " has no status");
    }
    return s;
  }

  public static boolean ok(Status s) {
    return s.getCode() == 0 && s.getErrorCode() == io.milvus.grpc.ErrorCode.Success;
  }
}
