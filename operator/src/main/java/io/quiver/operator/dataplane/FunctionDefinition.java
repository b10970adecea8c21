package io.quiver.operator.dataplane;

import java.util.List;
import java.util.Map;

/**
 * A schema function (BM25, TextEmbedding).
 *
 * @param name function name
 * @param type function type
 * @param inputFields input field names
 * @param outputFields output field names
 * @param params parameters
 */
public record FunctionDefinition(String name, String type, List<String> inputFields, List<String> outputFields,
    Map<String, String> params) {}
