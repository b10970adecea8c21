package io.quiver.server.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ValueField;
import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts schemas between the Milvus protobuf messages and the engine. Stateless. */
public final class SchemaCodec {

  static final ObjectMapper JSON = new ObjectMapper();

  private SchemaCodec() {}

  /** The user fields of a client's CreateCollection schema (ids not assigned yet). */
  public static List<FieldSchema> fromProto(io.milvus.grpc.CollectionSchema schema) {
    if (schema.getFunctionsCount() > 0) {
      throw new QuiverException(ErrorCode.UNSUPPORTED, "collection functions (BM25, text embedding) are not supported yet");
    }
    if (schema.getStructArrayFieldsCount() > 0) {
      throw new QuiverException(ErrorCode.UNSUPPORTED, "struct array fields are not supported yet");
    }
    List<FieldSchema> out = new ArrayList<>();
    for (io.milvus.grpc.FieldSchema f : schema.getFieldsList()) {
      out.add(fieldFromProto(f));
    }
    return out;
  }

  public static FieldSchema fieldFromProto(io.milvus.grpc.FieldSchema f) {
    DataType type = DataType.fromCode(f.getDataTypeValue());
    if (type == null) {
      throw QuiverException.invalid("field %s: unknown data type %d", f.getName(), f.getDataTypeValue());
    }
    DataType element = DataType.fromCode(f.getElementTypeValue());
    if (element == null) {
      throw QuiverException.invalid("field %s: unknown element type %d", f.getName(), f.getElementTypeValue());
    }
    if (f.getIsFunctionOutput()) {
      throw new QuiverException(ErrorCode.UNSUPPORTED, "field " + f.getName() + ": function output fields are not supported yet");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (KeyValuePair kv : f.getTypeParamsList()) {
      params.put(kv.getKey(), kv.getValue());
    }
    Object defaultValue = f.hasDefaultValue() ? defaultFromProto(f.getName(), type, f.getDefaultValue()) : null;
    return new FieldSchema(0, f.getName(), f.getDescription(), type, element, f.getIsPrimaryKey(), f.getAutoID(),
        f.getNullable(), defaultValue, f.getIsPartitionKey(), f.getIsClusteringKey(), f.getIsDynamic(), 0, 0, 0, params);
  }

  static Object defaultFromProto(String field, DataType type, ValueField v) {
    ValueField.DataCase c = v.getDataCase();
    if (c == ValueField.DataCase.DATA_NOT_SET) {
      return null;
    }
    try {
      return switch (type) {
        case BOOL -> switch (c) {
          case BOOL_DATA -> v.getBoolData();
          default -> throw wrongDefault(field, type, c);
        };
        case INT8, INT16, INT32 -> switch (c) {
          case INT_DATA -> v.getIntData();
          case LONG_DATA -> Math.toIntExact(v.getLongData());
          default -> throw wrongDefault(field, type, c);
        };
        case INT64 -> switch (c) {
          case LONG_DATA -> v.getLongData();
          case INT_DATA -> (long) v.getIntData();
          default -> throw wrongDefault(field, type, c);
        };
        case FLOAT -> switch (c) {
          case FLOAT_DATA -> v.getFloatData();
          case DOUBLE_DATA -> (float) v.getDoubleData();
          default -> throw wrongDefault(field, type, c);
        };
        case DOUBLE -> switch (c) {
          case DOUBLE_DATA -> v.getDoubleData();
          case FLOAT_DATA -> (double) v.getFloatData();
          default -> throw wrongDefault(field, type, c);
        };
        case VARCHAR -> switch (c) {
          case STRING_DATA -> v.getStringData();
          default -> throw wrongDefault(field, type, c);
        };
        case JSON -> switch (c) {
          case STRING_DATA -> JSON.readTree(v.getStringData());
          case BYTES_DATA -> JSON.readTree(v.getBytesData().toByteArray());
          default -> throw wrongDefault(field, type, c);
        };
        default -> throw QuiverException.invalid("field %s: default values are not supported for %s fields", field,
            type.milvusName());
      };
    } catch (ArithmeticException e) {
      throw QuiverException.invalid("field %s: default value is out of range for %s", field, type.milvusName());
    } catch (java.io.IOException e) {
      throw QuiverException.invalid("field %s: default value is not valid JSON", field);
    }
  }

  private static QuiverException wrongDefault(String field, DataType type, ValueField.DataCase c) {
    return QuiverException.invalid("field %s: default value of kind %s does not fit a %s field", field, c, type.milvusName());
  }

  static ValueField defaultToProto(FieldSchema f) {
    Object v = f.defaultValue();
    ValueField.Builder b = ValueField.newBuilder();
    switch (f.type()) {
      case BOOL -> b.setBoolData((Boolean) v);
      case INT8, INT16, INT32 -> b.setIntData((Integer) v);
      case INT64 -> b.setLongData((Long) v);
      case FLOAT -> b.setFloatData((Float) v);
      case DOUBLE -> b.setDoubleData((Double) v);
      case VARCHAR -> b.setStringData((String) v);
      case JSON -> {
        try {
          b.setStringData(JSON.writeValueAsString(v));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
      default -> throw new IllegalStateException("no default value representation for " + f.type());
    }
    return b.build();
  }

  /** The schema as DescribeCollection returns it: user fields in creation order, no $meta. */
  public static io.milvus.grpc.CollectionSchema toProto(String collectionName, CollectionSchema schema) {
    io.milvus.grpc.CollectionSchema.Builder b = io.milvus.grpc.CollectionSchema.newBuilder()
        .setName(collectionName)
        .setDescription(schema.description())
        .setEnableDynamicField(schema.enableDynamicField());
    for (FieldSchema f : schema.userFields()) {
      b.addFields(fieldToProto(f));
    }
    return b.build();
  }

  public static io.milvus.grpc.FieldSchema fieldToProto(FieldSchema f) {
    io.milvus.grpc.FieldSchema.Builder b = io.milvus.grpc.FieldSchema.newBuilder()
        .setFieldID(f.id())
        .setName(f.name())
        .setDescription(f.description())
        .setDataTypeValue(f.type().code())
        .setIsPrimaryKey(f.primaryKey())
        .setAutoID(f.autoId())
        .setNullable(f.nullable())
        .setIsPartitionKey(f.partitionKey())
        .setIsClusteringKey(f.clusteringKey());
    if (f.type() == DataType.ARRAY) {
      b.setElementTypeValue(f.elementType().code());
    }
    Map<String, String> params = new LinkedHashMap<>(f.typeParams());
    if (f.dim() > 0) {
      params.put("dim", String.valueOf(f.dim()));
    }
    if (f.maxLength() > 0) {
      params.put("max_length", String.valueOf(f.maxLength()));
    }
    if (f.maxCapacity() > 0) {
      params.put("max_capacity", String.valueOf(f.maxCapacity()));
    }
    for (Map.Entry<String, String> e : params.entrySet()) {
      b.addTypeParams(KeyValuePair.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    if (f.hasDefault()) {
      b.setDefaultValue(defaultToProto(f));
    }
    return b.build();
  }

  static JsonNode parseJson(byte[] bytes) throws java.io.IOException {
    return JSON.readTree(bytes);
  }
}
