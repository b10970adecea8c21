package io.quiver.crd.v1alpha1.encryptionkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * When new key versions are made.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RotationSpec {

  @JsonPropertyDescription("Rotate periodically, e.g. 90d or 12h.")
  @Pattern("^[1-9][0-9]*(h|d)$")
  private String schedule;

  @JsonPropertyDescription("Set to a new value (e.g. a timestamp) to rotate once now.")
  @Size(max = 253)
  private String rotateNow;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getRotateNow() {
    return rotateNow;
  }

  public void setRotateNow(String rotateNow) {
    this.rotateNow = rotateNow;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RotationSpec that)) {
      return false;
    }
    return Objects.equals(schedule, that.schedule)
        && Objects.equals(rotateNow, that.rotateNow);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schedule, rotateNow);
  }

  @Override
  public String toString() {
    return "RotationSpec{"
        + "schedule=" + schedule
        + ", rotateNow=" + rotateNow
        + "}";
  }
}
