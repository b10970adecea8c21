package io.quiver.crd.v1alpha1.encryptionkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.quiver.crd.common.SecretKeyReference;
import java.util.Objects;

/**
 * Where the key material is: exactly one of secretRef and kms.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.secretRef) != has(self.kms)", message = "set exactly one of secretRef and kms")
public class KeySource {

  @JsonPropertyDescription("A Secret holding a 256-bit key, base64 encoded (key defaults to \"key\").")
  private SecretKeyReference secretRef;

  @JsonPropertyDescription("An external KMS key.")
  private KmsKeyReference kms;

  public SecretKeyReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretKeyReference secretRef) {
    this.secretRef = secretRef;
  }

  public KmsKeyReference getKms() {
    return kms;
  }

  public void setKms(KmsKeyReference kms) {
    this.kms = kms;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof KeySource that)) {
      return false;
    }
    return Objects.equals(secretRef, that.secretRef)
        && Objects.equals(kms, that.kms);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretRef, kms);
  }

  @Override
  public String toString() {
    return "KeySource{"
        + "secretRef=" + secretRef
        + ", kms=" + kms
        + "}";
  }
}
