package io.quiver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Validates a custom resource against a CRD's OpenAPI v3 schema the way the API server does, for
 * the subset of the schema language Quiver's CRDs use: defaults (applied first), type, required,
 * enum, minimum/maximum, minLength/maxLength, pattern, minItems/maxItems, items, properties,
 * additionalProperties, {@code x-kubernetes-int-or-string}, {@code x-kubernetes-preserve-unknown-fields}
 * and {@code x-kubernetes-validations} (CEL, evaluated with cel-java; transition rules that use
 * {@code oldSelf} run only when an old object is given, as on an update).
 *
 * <p>Unknown fields are violations, as with kubectl's default strict field validation. CEL rules of
 * a node run only when the node and everything below it are structurally valid.
 *
 * <p>Thread-safe: compiled CEL programs are cached in a concurrent map.
 */
public final class SchemaValidator {

  /** One reason an object is rejected: where, and why. */
  public record Violation(String path, String message) {
    @Override
    public String toString() {
      return path + ": " + message;
    }
  }

  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private final JsonNode schema;

  /** @param schema an openAPIV3Schema node of a CRD version */
  public SchemaValidator(JsonNode schema) {
    this.schema = schema;
  }

  /** Validates a new object (a create). */
  public List<Violation> validate(JsonNode object) {
    return validate(object, null);
  }

  /** Validates {@code object} replacing {@code old} (an update); {@code old} may be null (a create). */
  public List<Violation> validate(JsonNode object, JsonNode old) {
    JsonNode defaulted = withDefaults(object);
    JsonNode oldDefaulted = old == null ? null : withDefaults(old);
    List<Violation> out = new ArrayList<>();
    // apiVersion, kind and metadata are checked by the API server itself, not by the CRD schema
    ObjectNode body = (ObjectNode) defaulted.deepCopy();
    body.remove(List.of("apiVersion", "kind", "metadata"));
    ObjectNode oldBody = null;
    if (oldDefaulted != null) {
      oldBody = (ObjectNode) oldDefaulted.deepCopy();
      oldBody.remove(List.of("apiVersion", "kind", "metadata"));
    }
    ObjectNode rootSchema = schema.deepCopy();
    ((ObjectNode) rootSchema.path("properties")).remove(List.of("apiVersion", "kind", "metadata"));
    check(rootSchema, body, oldBody, "", out);
    return out;
  }

  /** A copy of {@code object} with the schema's defaults filled in, as the API server stores it. */
  public JsonNode withDefaults(JsonNode object) {
    JsonNode copy = object.deepCopy();
    applyDefaults(schema, copy);
    return copy;
  }

  private static void applyDefaults(JsonNode s, JsonNode value) {
    if (value instanceof ObjectNode obj) {
      JsonNode props = s.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        if (!obj.has(p.getKey()) && p.getValue().has("default")) {
          obj.set(p.getKey(), p.getValue().get("default").deepCopy());
        }
        if (obj.has(p.getKey())) {
          applyDefaults(p.getValue(), obj.get(p.getKey()));
        }
      }
      JsonNode additional = s.path("additionalProperties");
      if (additional.isObject()) {
        obj.fields().forEachRemaining(e -> applyDefaults(additional, e.getValue()));
      }
    } else if (value instanceof ArrayNode arr && s.has("items")) {
      arr.forEach(item -> applyDefaults(s.get("items"), item));
    }
  }

  private void check(JsonNode s, JsonNode v, JsonNode old, String path, List<Violation> out) {
    int before = out.size();
    String display = path.isEmpty() ? "<root>" : path;
    if (v.isNull()) {
      if (!s.path("nullable").asBoolean(false)) {
        out.add(new Violation(display, "Invalid value: null"));
      }
      return;
    }
    boolean preserveUnknown = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (s.path("x-kubernetes-int-or-string").asBoolean(false) || isIntOrStringAnyOf(s)) {
      if (!v.isIntegralNumber() && !v.isTextual()) {
        out.add(new Violation(display, "Invalid value: must be an integer or a string"));
      }
      return;
    }
    String type = s.path("type").asText("");
    if (type.isEmpty() && preserveUnknown) {
      return;
    }
    if (!hasType(v, type)) {
      out.add(new Violation(display, "Invalid value: must be of type " + type));
      return;
    }
    if (s.has("enum")) {
      boolean found = false;
      for (JsonNode e : s.get("enum")) {
        found |= e.equals(v) || e.asText().equals(v.asText()) && e.isTextual() == v.isTextual();
      }
      if (!found) {
        List<String> allowed = new ArrayList<>();
        s.get("enum").forEach(e -> allowed.add(e.asText()));
        out.add(new Violation(display, "Unsupported value: \"" + v.asText() + "\": supported values: " + allowed));
      }
    }
    switch (type) {
      case "string" -> checkString(s, v.asText(), display, out);
      case "integer", "number" -> checkNumber(s, v.asDouble(), display, out);
      case "array" -> checkArray(s, (ArrayNode) v, path, out);
      case "object" -> checkObject(s, (ObjectNode) v, old, path, preserveUnknown, out);
      default -> { }
    }
    if (out.size() == before && s.has("x-kubernetes-validations")) {
      for (JsonNode rule : s.get("x-kubernetes-validations")) {
        checkRule(rule, v, old, display, out);
      }
    }
  }

  private static boolean isIntOrStringAnyOf(JsonNode s) {
    JsonNode anyOf = s.path("anyOf");
    if (!anyOf.isArray() || anyOf.size() != 2) {
      return false;
    }
    String a = anyOf.get(0).path("type").asText();
    String b = anyOf.get(1).path("type").asText();
    return a.equals("integer") && b.equals("string") || a.equals("string") && b.equals("integer");
  }

  private static boolean hasType(JsonNode v, String type) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      default -> true;
    };
  }

  private static void checkString(JsonNode s, String v, String path, List<Violation> out) {
    if (s.has("maxLength") && v.length() > s.get("maxLength").asInt()) {
      out.add(new Violation(path, "Too long: may not be longer than " + s.get("maxLength").asInt()));
    }
    if (s.has("minLength") && v.length() < s.get("minLength").asInt()) {
      out.add(new Violation(path, "Invalid value: should be at least " + s.get("minLength").asInt() + " chars long"));
    }
    if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(v).find()) {
      out.add(new Violation(path, "Invalid value: \"" + v + "\": should match '" + s.get("pattern").asText() + "'"));
    }
  }

  private static void checkNumber(JsonNode s, double v, String path, List<Violation> out) {
    if (s.has("minimum") && v < s.get("minimum").asDouble()) {
      out.add(new Violation(path, "Invalid value: should be greater than or equal to " + s.get("minimum").asLong()));
    }
    if (s.has("maximum") && v > s.get("maximum").asDouble()) {
      out.add(new Violation(path, "Invalid value: should be less than or equal to " + s.get("maximum").asLong()));
    }
  }

  private void checkArray(JsonNode s, ArrayNode v, String path, List<Violation> out) {
    String display = path.isEmpty() ? "<root>" : path;
    if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
      out.add(new Violation(display, "Too many: " + v.size() + ": must have at most " + s.get("maxItems").asInt() + " items"));
    }
    if (s.has("minItems") && v.size() < s.get("minItems").asInt()) {
      out.add(new Violation(display, "Invalid value: should have at least " + s.get("minItems").asInt() + " items"));
    }
    if (s.has("items")) {
      for (int i = 0; i < v.size(); i++) {
        // atomic lists: items are not correlated with the old list, so no transition rules below
        check(s.get("items"), v.get(i), null, path + "[" + i + "]", out);
      }
    }
  }

  private void checkObject(JsonNode s, ObjectNode v, JsonNode old, String path, boolean preserveUnknown,
      List<Violation> out) {
    String prefix = path.isEmpty() ? "" : path + ".";
    for (JsonNode required : s.path("required")) {
      if (!v.has(required.asText())) {
        out.add(new Violation(prefix + required.asText(), "Required value"));
      }
    }
    JsonNode props = s.path("properties");
    JsonNode additional = s.path("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode oldField = old == null ? null : old.get(field.getKey());
      if (props.has(field.getKey())) {
        check(props.get(field.getKey()), field.getValue(), oldField, prefix + field.getKey(), out);
      } else if (additional.isObject()) {
        check(additional, field.getValue(), oldField, prefix + field.getKey(), out);
      } else if (!preserveUnknown) {
        out.add(new Violation(prefix + field.getKey(), "unknown field \"" + field.getKey() + "\""));
      }
    }
  }

  private static void checkRule(JsonNode rule, JsonNode v, JsonNode old, String path, List<Violation> out) {
    String expression = rule.path("rule").asText();
    boolean transition = expression.contains("oldSelf");
    if (transition && old == null) {
      return;
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", toCel(v));
    if (transition) {
      vars.put("oldSelf", toCel(old));
    }
    try {
      Object result = program(expression).eval(vars);
      if (!Boolean.TRUE.equals(result)) {
        String message = rule.has("message") ? rule.get("message").asText() : "failed rule: " + expression;
        out.add(new Violation(path, "Invalid value: " + message));
      }
    } catch (CelEvaluationException e) {
      out.add(new Violation(path, "rule evaluation error: " + expression + ": " + e.getMessage()));
    }
  }

  private static CelRuntime.Program program(String expression) {
    return PROGRAMS.computeIfAbsent(expression, e -> {
      try {
        CelAbstractSyntaxTree ast = COMPILER.compile(e).getAst();
        return RUNTIME.createProgram(ast);
      } catch (CelValidationException | CelEvaluationException ex) {
        throw new IllegalArgumentException("CRD carries a CEL rule that does not compile: " + e, ex);
      }
    });
  }

  /** JSON to the Java values cel-java works with: maps, lists, Long, Double, String, Boolean. */
  static Object toCel(JsonNode v) {
    if (v.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      v.fields().forEachRemaining(e -> m.put(e.getKey(), toCel(e.getValue())));
      return m;
    }
    if (v.isArray()) {
      List<Object> l = new ArrayList<>();
      v.forEach(item -> l.add(toCel(item)));
      return l;
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    return v.asText();
  }
}
