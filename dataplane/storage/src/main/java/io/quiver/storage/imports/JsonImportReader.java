package io.quiver.storage.imports;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.FieldSchema;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads row-based JSON: {@code {"rows": [{...}, ...]}} (Milvus's layout; no other top-level
 * key) or a top-level array of row objects. Streams with Jackson's parser, holding one row tree
 * at a time. Each row object maps keys to fields by name; keys that are not fields go to the
 * dynamic field (an error when it is disabled), and a {@code "$meta"} key holding an object (or
 * JSON text of one) is merged into it. {@code NaN} and {@code Infinity} are read as numbers so that
 * they are reported as invalid values of their row and field rather than as a syntax error.
 *
 * <p>An autoID primary key may appear only when {@link ImportOptions#allowAutoIdKeys()}; then the
 * first row decides: if it has the key every row must, and if not none may.
 */
final class JsonImportReader extends BufferedImportReader {

  /** Parses import files; thread safe once configured. */
  static final ObjectMapper FILE_MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final String ROWS = "rows";

  private final CollectionSchema schema;
  private final ImportOptions options;
  private final InputStream in;
  private final JsonParser parser;
  private final FieldSchema autoIdKey;

  private boolean wrapped;
  private long row;
  private BatchBuilder builder;

  JsonImportReader(Path path, String file, CollectionSchema schema, ImportOptions options) {
    super(file);
    this.schema = schema;
    this.options = options;
    FieldSchema pk = schema.primaryField();
    this.autoIdKey = pk.autoId() ? pk : null;
    try {
      this.totalBytes = Files.size(path);
      this.in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    } catch (IOException e) {
      throw ImportException.ofFile(file, "cannot read the file: " + e.getMessage(), e);
    }
    JsonParser p = null;
    try {
      p = FILE_MAPPER.createParser(in);
      this.parser = p;
      readPrologue();
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    } catch (IOException e) {
      closeQuietly();
      throw malformed(e, ImportException.NO_ROW);
    }
  }

  private void readPrologue() throws IOException {
    JsonToken t = parser.nextToken();
    if (t == JsonToken.START_ARRAY) {
      return;
    }
    if (t == JsonToken.START_OBJECT) {
      wrapped = true;
      while (true) {
        JsonToken k = parser.nextToken();
        if (k == JsonToken.END_OBJECT) {
          throw ImportException.ofFile(file, "the top-level object has no \"rows\" array", null);
        }
        String name = parser.currentName();
        if (!ROWS.equals(name)) {
          throw ImportException.ofFile(file, "unexpected top-level key \"" + name
              + "\": expected {\"rows\": [...]} or a top-level array of rows", null);
        }
        if (parser.nextToken() != JsonToken.START_ARRAY) {
          throw ImportException.ofFile(file, "\"rows\" must be an array of row objects", null);
        }
        return;
      }
    }
    throw ImportException.ofFile(file, t == null ? "the file is empty"
        : "expected {\"rows\": [...]} or a top-level array of rows, found " + t.asString(), null);
  }

  /** The next row object, or null after the last (the rest of the file checked). */
  private ObjectNode nextRow() {
    try {
      JsonToken t = parser.nextToken();
      if (t == JsonToken.END_ARRAY) {
        try {
          readEpilogue();
        } catch (IOException e) {
          throw malformed(e, ImportException.NO_ROW);
        }
        return null;
      }
      if (t == null) {
        throw ImportException.atRow(file, row, null, "the file ends inside the rows array (truncated?)");
      }
      if (t != JsonToken.START_OBJECT) {
        parser.skipChildren();
        throw ImportException.atRow(file, row, null, "expected a row object, found " + describe(t));
      }
      JsonNode node = FILE_MAPPER.readTree(parser);
      bytesRead = parser.currentLocation().getByteOffset();
      return (ObjectNode) node;
    } catch (IOException e) {
      throw malformed(e, row);
    }
  }

  private void readEpilogue() throws IOException {
    if (wrapped) {
      JsonToken k = parser.nextToken();
      if (k == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        throw ImportException.ofFile(file, ROWS.equals(name) ? "the key \"rows\" appears twice"
            : "unexpected top-level key \"" + name + "\" after the rows", null);
      }
      if (k != JsonToken.END_OBJECT) {
        throw ImportException.ofFile(file, "the file ends before the top-level object is closed (truncated?)", null);
      }
    }
    JsonToken rest = parser.nextToken();
    if (rest != null) {
      throw ImportException.ofFile(file, "unexpected content after the rows at line "
          + parser.currentLocation().getLineNr(), null);
    }
    bytesRead = totalBytes;
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  private ImportException malformed(IOException e, long atRow) {
    String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    JsonLocation loc = e instanceof JsonProcessingException j ? j.getLocation() : null;
    String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    String detail = "malformed JSON" + where + ": " + firstLine(msg);
    return atRow < 0 ? ImportException.ofFile(file, detail, e) : new ImportException(file, atRow, null, detail, e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    // Jackson names its source (redacted) in positions; the line and column are given already
    return line.replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "").replaceAll(" at \\[Source:.*$", "");
  }

  private void addRow(ObjectNode obj) {
    if (builder == null) {
      boolean keyInFile = autoIdKey != null && obj.has(autoIdKey.name());
      if (keyInFile && !options.allowAutoIdKeys()) {
        throw ImportException.atRow(file, row, autoIdKey.name(),
            "the primary key is generated (autoID), so the file must not contain it");
      }
      builder = new BatchBuilder(file, schema, options.batchSize(), keyInFile);
    }
    builder.startRow(row);
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      String name = e.getKey();
      FieldSchema f = schema.field(name);
      if (f != null && !f.dynamic()) {
        int t = builder.target(name);
        if (t < 0) {
          throw ImportException.atRow(file, row, name, options.allowAutoIdKeys()
              ? "the first row has no value for the autoID primary key, so no row may have one"
              : "the primary key is generated (autoID), so the file must not contain it");
        }
        builder.put(t, e.getValue());
      } else if (schema.enableDynamicField()) {
        if (name.equals(FieldSchema.DYNAMIC_FIELD_NAME)) {
          builder.putMeta(e.getValue());
        } else {
          builder.putExtra(name, e.getValue());
        }
      } else {
        throw ImportException.atRow(file, row, name,
            "the key is not a field of the collection, and the collection has no dynamic field");
      }
    }
    builder.endRow();
    row++;
  }

  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    while (builder == null || !builder.full()) {
      ObjectNode obj = nextRow();
      if (obj == null) {
        ended = true;
        break;
      }
      addRow(obj);
    }
    if (builder != null && builder.rows() > 0) {
      pending = builder.finish();
    }
    return pending != null;
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      if (parser != null) {
        parser.close();
      }
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
