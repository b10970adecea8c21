package io.quiver.operator.vectorcluster.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data-plane configuration file, {@code quiver.properties}, for a cluster.
 *
 * <p>It holds only keys the server knows ({@code io.quiver.server.config.ServerConfig}): the server
 * stops on an unknown key. Cluster-mode settings the standalone server does not read yet (object
 * store, etcd, auth) reach the pods as {@code QUIVER_*} environment variables instead
 * (see {@link DataPlaneStatefulSets}).
 */
public final class DataPlaneConfig {

  private DataPlaneConfig() {}

  /** Key of the file in the ConfigMap, and its file name in the pod. */
  public static final String FILE_NAME = "quiver.properties";
  /** Where the ConfigMap is mounted. */
  public static final String CONFIG_DIR = "/etc/quiver";
  /** Where each node's volume is mounted. */
  public static final String DATA_MOUNT = "/var/lib/quiver";
  /** The server's data directory, on the volume. */
  public static final String DATA_DIR = DATA_MOUNT + "/data";

  /** The configuration keys and values, in file order. */
  public static Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("server.host", "0.0.0.0");
    p.put("server.port", String.valueOf(ClusterNames.GRPC_PORT));
    p.put("storage.data-dir", DATA_DIR);
    return p;
  }

  /** The file's text: a comment line, then {@code key=value} lines. */
  public static String render() {
    StringBuilder text = new StringBuilder("# Written by the Quiver operator; edit the VectorCluster instead.\n");
    properties().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    return text.toString();
  }

  /** SHA-256 of {@code text}, hex; a pod-template annotation, so a config change rolls the pods. */
  public static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
