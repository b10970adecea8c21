package io.quiver.server.runtime;

import io.quiver.engine.error.QuiverException;
import io.quiver.engine.schema.CollectionSchema;
import io.quiver.engine.schema.FieldSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns a search or query returns, resolved from the client's output field names:
 * {@code *} means every field and the whole dynamic field; a name that is not a field is a key
 * of the dynamic field (when enabled).
 *
 * @param fields schema fields to return (the dynamic field, if listed, is returned whole)
 * @param dynamicKeys keys of the dynamic field to return, when not returned whole
 * @param names the names to report in the response's output_fields, in request order
 */
public record OutputFields(List<FieldSchema> fields, List<String> dynamicKeys, List<String> names) {

  public static final String COUNT_STAR = "count(*)";

  /** Whether only some keys of the dynamic field are returned. */
  public boolean partialDynamic() {
    return !dynamicKeys.isEmpty();
  }

  /**
   * Resolves {@code requested}; {@code includePrimaryKey} adds the primary key (queries always
   * return it).
   */
  public static OutputFields resolve(CollectionSchema schema, List<String> requested, boolean includePrimaryKey) {
    Set<FieldSchema> fields = new LinkedHashSet<>();
    Set<String> dynamicKeys = new LinkedHashSet<>();
    Set<String> names = new LinkedHashSet<>();
    boolean wholeDynamic = false;
    if (includePrimaryKey) {
      fields.add(schema.primaryField());
      names.add(schema.primaryField().name());
    }
    for (String raw : requested) {
      String name = raw == null ? "" : raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals("*")) {
        for (FieldSchema f : schema.fields()) {
          fields.add(f);
          names.add(f.name());
        }
        wholeDynamic = schema.dynamicField() != null;
        continue;
      }
      FieldSchema f = schema.field(name);
      if (f != null) {
        fields.add(f);
        names.add(f.name());
        if (f.dynamic()) {
          wholeDynamic = true;
        }
        continue;
      }
      if (name.equals(COUNT_STAR)) {
        throw QuiverException.invalid("count(*) cannot be mixed with other output fields");
      }
      if (schema.dynamicField() == null) {
        throw QuiverException.invalid("field %s does not exist", name);
      }
      checkDynamicKey(name);
      dynamicKeys.add(name);
      names.add(name);
    }
    if (wholeDynamic) {
      dynamicKeys.clear();
    } else if (!dynamicKeys.isEmpty()) {
      fields.add(schema.dynamicField());
    }
    return new OutputFields(new ArrayList<>(fields), new ArrayList<>(dynamicKeys), new ArrayList<>(names));
  }

  private static void checkDynamicKey(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '$')) {
        throw QuiverException.invalid("invalid output field %s: dynamic field keys may only contain letters, digits, _ - . $",
            name);
      }
    }
  }
}
