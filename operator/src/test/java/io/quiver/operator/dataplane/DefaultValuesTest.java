package io.quiver.operator.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class DefaultValuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String declared(String type, String json) throws Exception {
    return DefaultValues.fromJson(type, JSON.readTree(json));
  }

  @Test
  void aDeclaredDefaultAndTheSameValueReportedByTheSdkHaveOneNormalForm() throws Exception {
    assertThat(declared("Double", "0")).isEqualTo(DefaultValues.fromObject("Double", 0.0d)).isEqualTo("0.0");
    assertThat(declared("Float", "0.1")).isEqualTo(DefaultValues.fromObject("Float", 0.1f));
    assertThat(declared("Int8", "7")).isEqualTo(DefaultValues.fromObject("Int8", (short) 7)).isEqualTo("7");
    assertThat(declared("Int64", "-5")).isEqualTo(DefaultValues.fromObject("Int64", -5L));
    assertThat(declared("Bool", "true")).isEqualTo(DefaultValues.fromObject("Bool", Boolean.TRUE));
    assertThat(declared("VarChar", "\"n/a\"")).isEqualTo(DefaultValues.fromObject("VarChar", "n/a")).isEqualTo("n/a");
    assertThat(declared("JSON", "{\"a\": [1, 2]}"))
        .isEqualTo(DefaultValues.fromObject("JSON", JsonParser.parseString("{\"a\":[1,2]}").getAsJsonObject()));
  }

  @Test
  void aDefaultOfTheWrongKindIsRejectedNamingTheType() {
    assertThatThrownBy(() -> declared("Int64", "1.5")).hasMessageContaining("does not fit a Int64 field");
    assertThatThrownBy(() -> declared("VarChar", "3")).hasMessageContaining("does not fit a VarChar field");
    assertThatThrownBy(() -> declared("FloatVector", "[1]")).hasMessageContaining("cannot have a default value");
  }
}
