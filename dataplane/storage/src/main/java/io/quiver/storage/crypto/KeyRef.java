package io.quiver.storage.crypto;

import io.quiver.engine.error.QuiverException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a key-encryption key (not its material) as {@code scheme:location}; the scheme picks the
 * {@link KeyProvider}. A reference is not secret: it is stored in envelope headers and shown in
 * error messages.
 *
 * <ul>
 *   <li>{@code file:/etc/quiver/keys/db1}: a key file or directory ({@link FileKeyProvider})
 *   <li>{@code secret:namespace/name#key}: an entry of a Kubernetes Secret ({@link
 *       MapKeyProvider}); {@code #key} defaults to {@code #key}
 *   <li>{@code kms:provider/keyId}: a key held by an external KMS ({@link KmsKeyProvider}); the
 *       key id may itself contain {@code /} and {@code :} (ARNs, resource names)
 * </ul>
 *
 * Other schemes are accepted syntactically, for providers added later.
 *
 * @param scheme lower case, e.g. {@code file}
 * @param location everything after the first colon, normalised (a Secret reference always names
 *     its entry)
 */
public record KeyRef(String scheme, String location) {

  public static final String FILE = "file";
  public static final String SECRET = "secret";
  public static final String KMS = "kms";

  /** The Secret entry a {@code secret:} reference names when it has no {@code #key}. */
  public static final String DEFAULT_SECRET_KEY = "key";

  static final int MAX_LENGTH = 4096;

  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
  private static final Pattern KMS_PROVIDER = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");
  private static final String FORMS = "file:/path, secret:namespace/name#key or kms:provider/keyId";

  public KeyRef {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(location, "location");
  }

  /**
   * Parses and normalises a reference.
   *
   * @throws QuiverException INVALID_ARGUMENT naming what is wrong; a value without a scheme is
   *     not echoed, in case someone pasted key material where a reference belongs
   */
  public static KeyRef parse(String ref) {
    if (ref == null || ref.isBlank()) {
      throw QuiverException.invalid("encryption key reference is empty; expected %s", FORMS);
    }
    int colon = ref.indexOf(':');
    if (colon <= 0 || !SCHEME.matcher(ref.substring(0, colon)).matches()) {
      throw QuiverException.invalid(
          "encryption key reference must look like %s; got a value of %d characters without a scheme",
          FORMS, ref.length());
    }
    if (ref.length() > MAX_LENGTH) {
      throw QuiverException.invalid("encryption key reference is longer than %d characters", MAX_LENGTH);
    }
    for (int i = 0; i < ref.length(); i++) {
      if (Character.isISOControl(ref.charAt(i)) || Character.isWhitespace(ref.charAt(i))) {
        throw QuiverException.invalid("encryption key reference '%s' contains whitespace or control characters",
            ref.substring(0, colon + 1) + "...");
      }
    }
    String scheme = ref.substring(0, colon);
    String location = ref.substring(colon + 1);
    return switch (scheme) {
      case FILE -> file(ref, location);
      case SECRET -> secret(ref, location);
      case KMS -> kms(ref, location);
      default -> {
        if (location.isEmpty()) {
          throw QuiverException.invalid("encryption key reference '%s' has an empty location", ref);
        }
        yield new KeyRef(scheme, location);
      }
    };
  }

  private static KeyRef file(String ref, String path) {
    if (!path.startsWith("/")) {
      throw QuiverException.invalid("encryption key reference '%s' must name an absolute path (file:/...)", ref);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw QuiverException.invalid("encryption key reference '%s' must not contain '.' or '..' segments", ref);
      }
    }
    return new KeyRef(FILE, path);
  }

  private static KeyRef secret(String ref, String location) {
    int hash = location.indexOf('#');
    String object = hash < 0 ? location : location.substring(0, hash);
    String key = hash < 0 ? DEFAULT_SECRET_KEY : location.substring(hash + 1);
    int slash = object.indexOf('/');
    if (slash < 0
        || !DNS_LABEL.matcher(object.substring(0, slash)).matches()
        || !DNS_SUBDOMAIN.matcher(object.substring(slash + 1)).matches()
        || !SECRET_KEY.matcher(key).matches()) {
      throw QuiverException.invalid(
          "encryption key reference '%s' must look like secret:namespace/name#key (Kubernetes names; #key optional)", ref);
    }
    return new KeyRef(SECRET, object + "#" + key);
  }

  private static KeyRef kms(String ref, String location) {
    int slash = location.indexOf('/');
    if (slash <= 0 || slash == location.length() - 1
        || !KMS_PROVIDER.matcher(location.substring(0, slash)).matches()) {
      throw QuiverException.invalid("encryption key reference '%s' must look like kms:provider/keyId", ref);
    }
    return new KeyRef(KMS, location);
  }

  /** For {@code kms:} references: the KMS provider name. */
  public String kmsProvider() {
    requireScheme(KMS);
    return location.substring(0, location.indexOf('/'));
  }

  /** For {@code kms:} references: the key id, ARN or resource name within the KMS. */
  public String kmsKeyId() {
    requireScheme(KMS);
    return location.substring(location.indexOf('/') + 1);
  }

  private void requireScheme(String expected) {
    if (!scheme.equals(expected)) {
      throw new IllegalStateException("not a " + expected + ": reference: " + this);
    }
  }

  /** {@code scheme:location}, which {@link #parse} reads back. */
  @Override
  public String toString() {
    return scheme + ":" + location;
  }
}
