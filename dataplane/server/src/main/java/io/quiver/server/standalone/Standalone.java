package io.quiver.server.standalone;

import io.quiver.engine.segment.TimestampOracle;
import io.quiver.server.auth.LogAuditSink;
import io.quiver.server.auth.RbacStore;
import io.quiver.server.auth.Security;
import io.quiver.server.config.ServerConfig;
import io.quiver.server.grpc.GrpcServer;
import io.quiver.server.grpc.MilvusService;
import io.quiver.server.runtime.DataPlane;
import io.quiver.server.runtime.DataPlaneConfig;
import io.quiver.server.runtime.ExprFilters;
import io.quiver.server.runtime.local.LocalDurability;
import io.quiver.storage.wal.WalOptions;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process serving the Milvus protocol from a local data directory: the catalog, the
 * write-ahead logs and the segment files all live under {@code storage.data-dir}.
 */
public final class Standalone implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Standalone.class);

  private final ServerConfig config;
  private final LocalDurability durability;
  private final DataPlane plane;
  private final GrpcServer server;
  private final Security security;

  private Standalone(ServerConfig config, LocalDurability durability, DataPlane plane, GrpcServer server, Security security) {
    this.config = config;
    this.durability = durability;
    this.plane = plane;
    this.server = server;
    this.security = security;
  }

  /** Recovers the data directory, then starts serving. */
  public static Standalone start(ServerConfig config, String version) throws IOException {
    WalOptions wal = WalOptions.defaults().withFsync(config.walFsync()).withFileSizeBytes(config.walFileBytes());
    io.quiver.storage.object.ObjectStore remote = config.s3() == null ? null
        : io.quiver.storage.object.S3ObjectStore.open(config.s3());
    LocalDurability durability;
    try {
      LocalDurability.Options options = new LocalDurability.Options(wal, config.checkpointWalBytes(), config.gcInterval(),
          config.gcGrace(), config.logsInObjectStore()
              ? io.quiver.storage.wal.ObjectWalOptions.defaults().withWriteDeadline(config.walDeadline()) : null,
          config.encryptionKeyDir() == null ? null
              : new io.quiver.storage.crypto.FileKeyProvider(config.encryptionKeyDir(), config.encryptionKeyPoll()));
      durability = config.etcd() == null
          ? LocalDurability.open(config.dataDir(), options, remote)
          : LocalDurability.open(config.dataDir(), options, io.quiver.storage.catalog.etcd.EtcdKvStore.open(config.etcd()), remote);
      durability.lazyLoad(config.lazyLoad());
    } catch (IOException | RuntimeException e) {
      if (remote != null) {
        remote.close();
      }
      throw e;
    }
    DataPlane plane = null;
    Security security = null;
    try {
      plane = new DataPlane(new DataPlaneConfig(config.maxSegmentRows(), config.indexBuildThreads(), config.maxTopK(),
          config.maxQueryResultRows(), config.compactionDeleteRatio(), config.compactionInterval().toMillis()), durability,
          ExprFilters::compile, new TimestampOracle(0));
      long started = System.nanoTime();
      durability.recover(plane);
      // Import files are read from the bucket with S3, else from DATA_DIR/imports.
      io.quiver.storage.object.ObjectStore imports = config.s3() != null
          ? io.quiver.storage.object.S3ObjectStore.open(config.s3())
          : new io.quiver.storage.object.LocalObjectStore(config.dataDir().resolve("imports"));
      plane.enableImports(imports, config.dataDir().resolve("tmp").resolve("imports"));
      LOG.info("recovered {} in {} ms", config.dataDir(), (System.nanoTime() - started) / 1_000_000);
      security = Security.start(config.security(), accessControl(durability), aliases(plane), new LogAuditSink());
      GrpcServer server = GrpcServer.start(config.host(), config.port(), config.maxRequestBytes(),
          new MilvusService(plane, version, security));
      return new Standalone(config, durability, plane, server, security);
    } catch (IOException | RuntimeException e) {
      if (security != null) {
        security.close();
      }
      if (plane != null) {
        plane.close();
      }
      durability.close();
      throw e;
    }
  }

  /** Users and grants live in the catalog, under the access-control keys. */
  static RbacStore.Persistence accessControl(LocalDurability durability) {
    return new RbacStore.Persistence() {
      @Override
      public java.util.Map<String, byte[]> load() throws IOException {
        return durability.loadAccessControl();
      }

      @Override
      public void apply(java.util.Map<String, byte[]> puts, java.util.Collection<String> deletes) throws IOException {
        durability.saveAccessControl(puts, deletes);
      }
    };
  }

  /** Grants name collections; an alias is checked as the collection it points to. */
  static io.quiver.server.auth.Authorizer.Names aliases(DataPlane plane) {
    return (db, name) -> {
      try {
        return plane.collection(db, name).info().name();
      } catch (RuntimeException e) {
        return name;
      }
    };
  }

  public int port() {
    return server.port();
  }

  public DataPlane plane() {
    return plane;
  }

  public ServerConfig config() {
    return config;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops accepting calls, lets running ones finish, checkpoints and closes the data directory. */
  @Override
  public void close() throws IOException {
    try {
      server.shutdown(30);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    security.close();
    try {
      durability.close();
    } finally {
      plane.close();
    }
  }
}
