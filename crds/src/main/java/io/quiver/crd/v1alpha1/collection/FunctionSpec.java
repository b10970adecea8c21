package io.quiver.crd.v1alpha1.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A function of the collection schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FunctionSpec {

  @JsonPropertyDescription("Function name.")
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  @Size(max = 255)
  private String name;

  @JsonPropertyDescription("Function type.")
  @Required
  private FunctionType type;

  @JsonPropertyDescription("Input fields.")
  @Required
  @Size(min = 1, max = 8)
  private List<String> inputFieldNames;

  @JsonPropertyDescription("Output fields.")
  @Required
  @Size(min = 1, max = 8)
  private List<String> outputFieldNames;

  @JsonPropertyDescription("Function parameters.")
  private Map<String, String> params;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public FunctionType getType() {
    return type;
  }

  public void setType(FunctionType type) {
    this.type = type;
  }

  public List<String> getInputFieldNames() {
    return inputFieldNames;
  }

  public void setInputFieldNames(List<String> inputFieldNames) {
    this.inputFieldNames = inputFieldNames;
  }

  public List<String> getOutputFieldNames() {
    return outputFieldNames;
  }

  public void setOutputFieldNames(List<String> outputFieldNames) {
    this.outputFieldNames = outputFieldNames;
  }

  public Map<String, String> getParams() {
    return params;
  }

  public void setParams(Map<String, String> params) {
    this.params = params;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FunctionSpec that)) {
      return false;
    }
    return Objects.equals(name, that.name)
        && Objects.equals(type, that.type)
        && Objects.equals(inputFieldNames, that.inputFieldNames)
        && Objects.equals(outputFieldNames, that.outputFieldNames)
        && Objects.equals(params, that.params);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, inputFieldNames, outputFieldNames, params);
  }

  @Override
  public String toString() {
    return "FunctionSpec{"
        + "name=" + name
        + ", type=" + type
        + ", inputFieldNames=" + inputFieldNames
        + ", outputFieldNames=" + outputFieldNames
        + ", params=" + params
        + "}";
  }
}
