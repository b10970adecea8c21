package io.quiver.storage.crypto;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KEKs in local files, for {@code file:/path} references; the path must lie under the key
 * directory the provider was given, so a database property cannot point it at other files.
 *
 * <p>The path is either
 *
 * <ul>
 *   <li>a file holding one key (version 1) or a key set with versions, {@code current} and
 *       {@code revoked} lines, as {@link KeySets} describes; or
 *   <li>a directory with one file per version, named {@code N}, {@code vN} or {@code N.key}
 *       (each one key: 32 raw bytes, base64 or hex), an optional file {@code current} holding
 *       the current version number (default: the highest), and an optional file {@code revoked}
 *       whose presence revokes the key. A Kubernetes Secret mounted as a volume, with entries
 *       named by version, is such a directory; names starting with a dot are skipped.
 * </ul>
 *
 * <p>Revocation: deleting the file or directory, removing every version, or marking it revoked.
 * Rotation: adding a version (and moving {@code current}). Retiring: removing a version. Each
 * takes effect at the next poll, at most {@link #pollInterval()} later (at most 60 s); write
 * files atomically (write elsewhere, then rename), since a poll that reads a half-written file
 * fails closed ({@link KeyUnavailableException}) until the next one.
 *
 * <p>Thread safety: thread-safe.
 */
public final class FileKeyProvider extends MaterialKeyProvider {

  private static final Pattern VERSION_FILE = Pattern.compile("v?([1-9][0-9]{0,8})(\\.key)?");

  private final Path root;

  /**
   * @param root the directory every {@code file:} reference must lie under
   * @param pollInterval how often key files are re-read; more than 0 and at most 60 s
   */
  public FileKeyProvider(Path root, Duration pollInterval) {
    super(KeyRef.FILE, pollInterval);
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  @Override
  KeyState load(KeyRef ref) {
    Path path = Path.of(ref.location()).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      return new KeyState.Revoked("the path is not inside the key directory " + root);
    }
    try {
      if (Files.isDirectory(path)) {
        return loadDirectory(path);
      }
      byte[] data = Files.readAllBytes(path);
      try {
        return KeySets.parse(data, "key file " + path);
      } finally {
        Arrays.fill(data, (byte) 0);
      }
    } catch (NoSuchFileException e) {
      return new KeyState.Revoked("key file " + path + " does not exist");
    } catch (AccessDeniedException e) {
      return new KeyState.Revoked("key file " + path + " cannot be read: access denied");
    } catch (IOException e) {
      return new KeyState.Unavailable("reading key file " + path + " failed: " + e);
    }
  }

  private static KeyState loadDirectory(Path dir) throws IOException {
    TreeMap<Integer, KeyMaterial> versions = new TreeMap<>();
    Integer current = null;
    boolean revoked = false;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("revoked")) {
          revoked = true;
          continue;
        }
        if (lower.equals("current")) {
          String text = Files.readString(entry).strip();
          Matcher m = VERSION_FILE.matcher(text);
          if (!m.matches() || m.group(2) != null) {
            return fail(versions, "file " + entry + " must hold a version number");
          }
          current = Integer.parseInt(m.group(1));
          continue;
        }
        Matcher m = VERSION_FILE.matcher(name);
        if (!m.matches() || Files.isDirectory(entry)) {
          continue;
        }
        int version = Integer.parseInt(m.group(1));
        byte[] data = Files.readAllBytes(entry);
        try {
          KeyMaterial key = KeySets.single(data, "key file " + entry);
          KeyMaterial before = versions.put(version, key);
          if (before != null) {
            before.destroy();
            return fail(versions, "directory " + dir + " has more than one file for version " + version);
          }
        } catch (KeySets.FormatError e) {
          return fail(versions, e.getMessage());
        } finally {
          Arrays.fill(data, (byte) 0);
        }
      }
    }
    try {
      return KeySets.assemble(versions, current, revoked, "key directory " + dir);
    } catch (KeySets.FormatError e) {
      return fail(versions, e.getMessage() + " in key directory " + dir);
    }
  }

  private static KeyState fail(TreeMap<Integer, KeyMaterial> versions, String reason) {
    versions.values().forEach(KeyMaterial::destroy);
    return new KeyState.Unavailable("malformed key material: " + reason);
  }
}
