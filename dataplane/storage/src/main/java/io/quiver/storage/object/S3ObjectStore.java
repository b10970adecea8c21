package io.quiver.storage.object;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import io.minio.messages.ListBucketResultV2;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Part;
import io.minio.messages.Upload;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * An {@link ObjectStore} in an S3 bucket, through the MinIO Java client ({@code io.minio:minio}
 * 8.5) over OkHttp. Key {@code k} is object {@code pathPrefix/k} of the bucket ({@link
 * S3Config#pathPrefix()}).
 *
 * <p><b>Requests.</b> Every S3 request is retried on transient failures as {@link Retrier} and
 * {@link S3Errors} describe, within the deadline of the store or view ({@link S3Config#deadline()},
 * {@link #withDeadline}) and {@link S3Config#maxAttempts()}; one attempt waits at most {@link
 * S3Config#requestTimeout()}, which also bounds connecting and every read and write on the
 * connection, so nothing waits forever on a dead server. A store keeps working across outages:
 * once the service answers again, the next call succeeds; nothing needs to be reopened.
 *
 * <p><b>Writes.</b> Objects of up to one part ({@link S3Config#partSizeBytes()}) are one PUT.
 * Larger ones are a multipart upload whose parts are read into one part-sized buffer, uploaded
 * one after the other and retried one by one; if a part, the completion or the data source
 * fails, the upload is aborted (with its own deadline of at most {@value #ABORT_DEADLINE_SECONDS}
 * s, so a failing put can take that much longer), and if even the abort fails the upload is left
 * for {@link #purgeIncompleteWrites} or a bucket lifecycle rule. Memory: one part per put in
 * progress.
 *
 * <p><b>Reads.</b> {@link #get}, {@link #getRange} and {@link #download} retry the whole request,
 * the body included; {@link #download} resumes where a broken transfer stopped (a ranged GET with
 * {@code If-Match} on the ETag, starting over if the object was replaced meanwhile). {@link
 * #open} retries only until the response starts.
 *
 * <p><b>Lifecycle.</b> {@link #open} checks the bucket (creating it if configured) and fails with
 * a clear, non-retryable message if it is missing or the credentials are refused, and with a
 * retryable one if S3 cannot be reached within the deadline. {@link #close} on the store (not on
 * a view) stops its HTTP threads and connections; calls after that throw {@link
 * IllegalStateException}.
 *
 * <p>Thread safety: safe for any number of threads; they share one connection pool (at most
 * {@value #MAX_CONCURRENT_REQUESTS} requests at once, more wait for a connection within their
 * deadline).
 */
public final class S3ObjectStore implements ObjectStore {

  static final int ABORT_DEADLINE_SECONDS = 2;
  static final int MAX_CONCURRENT_REQUESTS = 128;
  private static final int MAX_PARTS = 10_000;
  private static final int MAX_BATCH_DELETE = 1000;
  private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
  private static final long MIB = 1L << 20;
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final int COPY_BUFFER_BYTES = 1 << 20;

  /** What a store and all its views share. */
  private record Shared(S3Config config, OkHttpClient http, ExecutorService executor, MinioOps client, Retrier retrier,
                        AtomicBoolean closed) {}

  private final Shared shared;
  /** Object-name prefix of this view: {@code ""} or ending in {@code '/'}. */
  private final String prefix;
  private final Duration deadline;
  private final boolean owner;

  private S3ObjectStore(Shared shared, String prefix, Duration deadline, boolean owner) {
    this.shared = shared;
    this.prefix = prefix;
    this.deadline = deadline;
    this.owner = owner;
  }

  /**
   * Connects to the bucket of {@code config}: checks that it exists (and creates it if {@link
   * S3Config#createBucketIfMissing()}) and that the credentials are accepted.
   *
   * @throws ObjectStoreException non-retryable if the bucket is missing or the credentials are
   *     refused; retryable if S3 could not be reached within {@link S3Config#deadline()}
   */
  public static S3ObjectStore open(S3Config config) throws ObjectStoreException {
    Objects.requireNonNull(config, "config");
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "quiver-s3-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Dispatcher dispatcher = new Dispatcher(executor);
    dispatcher.setMaxRequests(MAX_CONCURRENT_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_REQUESTS);
    Duration timeout = config.requestTimeout();
    OkHttpClient http = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
        .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .protocols(List.of(Protocol.HTTP_1_1))
        .retryOnConnectionFailure(true)
        .build();
    MinioOps client = new MinioOps(MinioAsyncClient.builder()
        .endpoint(config.endpoint())
        .region(config.region())
        .credentials(config.accessKey(), config.secretKey())
        .httpClient(http)
        .build());
    Retrier retrier = new Retrier(config.maxAttempts(), config.initialBackoff(), config.maxBackoff(), timeout);
    Shared shared = new Shared(config, http, executor, client, retrier, new AtomicBoolean());
    String prefix = config.pathPrefix().isEmpty() ? "" : config.pathPrefix() + "/";
    S3ObjectStore store = new S3ObjectStore(shared, prefix, config.deadline(), true);
    try {
      store.checkBucket();
    } catch (ObjectStoreException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private void checkBucket() throws ObjectStoreException {
    S3Config config = shared.config;
    String what = "HEAD_BUCKET s3://" + config.bucket() + " at " + config.endpoint();
    boolean exists = shared.retrier.call(what, deadline, classifier(what, null),
        ctx -> await(shared.client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build()), ctx));
    if (exists) {
      return;
    }
    if (!config.createBucketIfMissing()) {
      throw new ObjectStoreException("the bucket '" + config.bucket() + "' does not exist at " + config.endpoint()
          + "; create it, or let Quiver create it (createBucketIfMissing)", false);
    }
    String create = "CREATE_BUCKET s3://" + config.bucket() + " at " + config.endpoint();
    shared.retrier.call(create, deadline, classifier(create, null), ctx -> {
      try {
        return await(shared.client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build()), ctx);
      } catch (Exception e) {
        String code = S3Errors.code(e);
        if ("BucketAlreadyOwnedByYou".equals(code) || "BucketAlreadyExists".equals(code) && ctx.attempt() > 1) {
          return null; // a concurrent creator, or our own earlier attempt, won
        }
        throw e;
      }
    });
  }

  /** The settings this store was opened with. */
  public S3Config config() {
    return shared.config;
  }

  // ---------------------------------------------------------------------------------------- writes

  @Override
  public void put(String key, byte[] data) throws ObjectStoreException {
    Objects.requireNonNull(data, "data");
    String object = objectName(key);
    if (data.length <= shared.config.partSizeBytes()) {
      putSingle(key, object, data, data.length);
      return;
    }
    int[] position = {0};
    putMultipart(key, object, data.length, (buffer, length) -> {
      System.arraycopy(data, position[0], buffer, 0, length);
      position[0] += length;
    });
  }

  @Override
  public void put(String key, Path file) throws ObjectStoreException {
    Objects.requireNonNull(file, "file");
    String object = objectName(key);
    try (FileChannel channel = FileChannel.open(file, READ)) {
      long size = channel.size();
      long[] position = {0};
      PartSource source = (buffer, length) -> {
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        while (target.hasRemaining()) {
          int n = channel.read(target, position[0]);
          if (n < 0) {
            throw new EOFException("the file " + file + " shrank to " + position[0] + " bytes while it was uploaded");
          }
          position[0] += n;
        }
      };
      if (size <= shared.config.partSizeBytes()) {
        byte[] data = new byte[(int) size];
        readSource(key, source, data, (int) size, size);
        putSingle(key, object, data, data.length);
      } else {
        putMultipart(key, object, size, source);
      }
    } catch (ObjectStoreException e) {
      throw e;
    } catch (IOException e) {
      throw new ObjectStoreException(what("PUT", object) + ": cannot read " + file + ": " + e.getMessage(), false, e);
    }
  }

  @Override
  public void put(String key, InputStream in, long length) throws ObjectStoreException {
    Objects.requireNonNull(in, "in");
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    String object = objectName(key);
    long[] read = {0};
    PartSource source = (buffer, n) -> {
      int got = in.readNBytes(buffer, 0, n);
      read[0] += got;
      if (got < n) {
        throw new SourceEndedException(read[0]);
      }
    };
    if (length <= shared.config.partSizeBytes()) {
      byte[] data = new byte[(int) length];
      readSource(key, source, data, (int) length, length);
      putSingle(key, object, data, data.length);
    } else {
      putMultipart(key, object, length, source);
    }
  }

  /** Reads the next part of a write's data. */
  @FunctionalInterface
  private interface PartSource {
    /** Fills {@code buffer[0, length)} with the next bytes, or throws. */
    void read(byte[] buffer, int length) throws IOException;
  }

  /** Reads the next {@code length} bytes of a write of {@code total} bytes from {@code source}. */
  private void readSource(String key, PartSource source, byte[] buffer, int length, long total) throws ObjectStoreException {
    try {
      source.read(buffer, length);
    } catch (SourceEndedException e) {
      throw ObjectStoreException.sourceTooShort("PUT", location(objectName(key)), e.read, total);
    } catch (IOException e) {
      throw new ObjectStoreException(what("PUT", objectName(key)) + ": reading the data to upload failed: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "; nothing was stored",
          false, e);
    }
  }

  private void putSingle(String key, String object, byte[] data, int length) throws ObjectStoreException {
    call("PUT", key, object, ctx -> await(shared.client.putBytes(bucket(), region(), object, data, length), ctx));
  }

  private void putMultipart(String key, String object, long length, PartSource source) throws ObjectStoreException {
    long partSize = partSizeFor(length);
    int parts = (int) ((length + partSize - 1) / partSize);
    String uploadId = call("CREATE_MULTIPART", key, object,
        ctx -> await(shared.client.createUpload(bucket(), region(), object), ctx)).result().uploadId();
    try {
      byte[] buffer = new byte[(int) Math.min(partSize, length)];
      Part[] done = new Part[parts];
      for (int i = 0; i < parts; i++) {
        int partNumber = i + 1;
        int partLength = (int) Math.min(partSize, length - i * partSize);
        readSource(key, source, buffer, partLength, length);
        String etag = call("UPLOAD_PART " + partNumber + "/" + parts, key, object,
            ctx -> await(shared.client.uploadPartAsync(bucket(), region(), object, buffer, partLength, uploadId,
                partNumber, null, null), ctx)).etag();
        done[i] = new Part(partNumber, etag);
      }
      call("COMPLETE_MULTIPART", key, object, ctx -> {
        try {
          return await(shared.client.completeMultipartUploadAsync(bucket(), region(), object, uploadId, done, null, null), ctx);
        } catch (Exception e) {
          // an earlier attempt may have completed the upload and lost only its response
          if (ctx.attempt() > 1 && "NoSuchUpload".equals(S3Errors.code(e))) {
            StatObjectResponse stat = await(shared.client.statObject(StatObjectArgs.builder().bucket(bucket())
                .object(object).build()), ctx);
            if (stat.size() == length && stat.etag() != null && stat.etag().endsWith("-" + parts)) {
              return null;
            }
          }
          throw e;
        }
      });
    } catch (ObjectStoreException | RuntimeException | Error e) {
      abort(object, uploadId, e);
      throw e;
    }
  }

  /** The part size for an object of {@code length} bytes: the configured one, or larger to stay within 10,000 parts. */
  private long partSizeFor(long length) {
    long partSize = shared.config.partSizeBytes();
    if ((length + partSize - 1) / partSize > MAX_PARTS) {
      long needed = (length + MAX_PARTS - 1) / MAX_PARTS;
      partSize = (needed + MIB - 1) / MIB * MIB;
    }
    if (partSize > S3Config.MAX_PART_SIZE_BYTES) {
      throw new IllegalArgumentException("an object of " + length + " bytes is too large: it needs parts of more than "
          + S3Config.MAX_PART_SIZE_BYTES + " bytes");
    }
    return partSize;
  }

  private void abort(String object, String uploadId, Throwable failure) {
    String what = what("ABORT_MULTIPART", object) + " (upload " + uploadId + ")";
    Duration abortDeadline = Duration.ofSeconds(ABORT_DEADLINE_SECONDS);
    try {
      shared.retrier.call(what, deadline.compareTo(abortDeadline) < 0 ? deadline : abortDeadline, classifier(what, null),
          ctx -> await(shared.client.abortMultipartUploadAsync(bucket(), region(), object, uploadId, null, null), ctx));
    } catch (ObjectStoreException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public boolean delete(String key) throws ObjectStoreException {
    String object = objectName(key);
    if (stat(key).isEmpty()) {
      return false;
    }
    call("DELETE", key, object, ctx -> await(shared.client.removeObject(RemoveObjectArgs.builder().bucket(bucket())
        .object(object).build()), ctx));
    return true;
  }

  @Override
  public void deleteAll(Collection<String> keys) throws ObjectStoreException {
    List<String> objects = new ArrayList<>(new LinkedHashSet<>(keys.stream().map(this::objectName).toList()));
    for (int from = 0; from < objects.size(); from += MAX_BATCH_DELETE) {
      List<String> batch = objects.subList(from, Math.min(objects.size(), from + MAX_BATCH_DELETE));
      try {
        deleteBatch(batch);
      } catch (S3Errors.ServiceException e) {
        if (!"NotImplemented".equals(e.code) && e.status != 501) {
          throw e;
        }
        // services without DeleteObjects (some S3 look-alikes): one DELETE per object
        for (String object : batch) {
          call("DELETE", null, object, ctx -> await(shared.client.removeObject(RemoveObjectArgs.builder()
              .bucket(bucket()).object(object).build()), ctx));
        }
      }
    }
  }

  private void deleteBatch(List<String> batch) throws ObjectStoreException {
    List<DeleteObject> request = batch.stream().map(DeleteObject::new).toList();
    String what = "DELETE_BATCH of " + batch.size() + " objects in " + location(prefix) + " (" + location(batch.getFirst())
        + (batch.size() > 1 ? ", ..." : "") + ")";
    shared.retrier.call(what, deadline, classifier(what, null), ctx -> {
      List<DeleteError> errors = await(shared.client.deleteBatch(bucket(), region(), request), ctx).result().errorList();
      List<DeleteError> failed = errors.stream().filter(e -> !"NoSuchKey".equals(e.code())).toList();
      if (!failed.isEmpty()) {
        boolean retryable = failed.stream().allMatch(e -> isRetryableCode(e.code()));
        StringBuilder message = new StringBuilder(what).append(": S3 could not delete ").append(failed.size()).append(" of them:");
        failed.stream().limit(10).forEach(e -> message.append(' ').append(e.objectName()).append(" (")
            .append(e.code()).append(": ").append(e.message()).append(')'));
        throw new S3Errors.ServiceException(message.toString(), retryable, failed.getFirst().code(), 0);
      }
      return null;
    });
  }

  private static boolean isRetryableCode(String code) {
    return "InternalError".equals(code) || "SlowDown".equals(code) || "ServiceUnavailable".equals(code)
        || "OperationAborted".equals(code);
  }

  @Override
  public int purgeIncompleteWrites(Duration olderThan) throws ObjectStoreException {
    Instant cutoff = Instant.now().minus(olderThan);
    String what = "LIST_MULTIPART_UPLOADS " + location(prefix);
    String keyMarker = null;
    String uploadIdMarker = null;
    int aborted = 0;
    while (true) {
      String km = keyMarker;
      String um = uploadIdMarker;
      ListMultipartUploadsResult page = shared.retrier.call(what, deadline, classifier(what, null),
          ctx -> await(shared.client.listUploads(bucket(), region(), prefix.isEmpty() ? null : prefix, km, um), ctx))
          .result();
      for (Upload upload : page.uploads() == null ? List.<Upload>of() : page.uploads()) {
        ZonedDateTime initiated = upload.initiated();
        if (initiated != null && initiated.toInstant().isBefore(cutoff) && upload.objectName().startsWith(prefix)) {
          String object = upload.objectName();
          String abort = what("ABORT_MULTIPART", object) + " (upload " + upload.uploadId() + ")";
          shared.retrier.call(abort, deadline, classifier(abort, null), ctx -> {
            try {
              return await(shared.client.abortMultipartUploadAsync(bucket(), region(), object, upload.uploadId(), null,
                  null), ctx);
            } catch (Exception e) {
              if ("NoSuchUpload".equals(S3Errors.code(e))) {
                return null; // completed or aborted meanwhile
              }
              throw e;
            }
          });
          aborted++;
        }
      }
      if (!page.isTruncated() || page.nextKeyMarker() == null) {
        return aborted;
      }
      keyMarker = page.nextKeyMarker();
      uploadIdMarker = page.nextUploadIdMarker();
    }
  }

  // ----------------------------------------------------------------------------------------- reads

  @Override
  public byte[] get(String key) throws ObjectStoreException {
    String object = objectName(key);
    return call("GET", key, object, ctx -> {
      try (GetObjectResponse response = await(shared.client.getObject(getArgs(object).build()), ctx)) {
        long length = contentLength(response);
        if (length > MAX_ARRAY_BYTES) {
          throw new ObjectStoreException(what("GET", object) + ": the object has " + length
              + " bytes, too many for one array; use open or download", false);
        }
        return response.readAllBytes();
      }
    });
  }

  @Override
  public InputStream open(String key) throws ObjectStoreException {
    String object = objectName(key);
    GetObjectResponse response = call("OPEN", key, object, ctx -> await(shared.client.getObject(getArgs(object).build()), ctx));
    return new TranslatingInputStream(response, e -> S3Errors.classify(what("READ", object), key, bucket(), e));
  }

  @Override
  public byte[] getRange(String key, long offset, int length) throws ObjectStoreException {
    LocalObjectStore.checkRange(offset, length);
    String object = objectName(key);
    if (length == 0) {
      ObjectInfo info = stat(key).orElseThrow(() -> new ObjectNotFoundException(key, what("GET_RANGE", object) + ": no such object"));
      if (offset > info.size()) {
        throw ObjectStoreException.rangePastEnd("GET_RANGE", location(object), offset, length, info.size());
      }
      return new byte[0];
    }
    return call("GET_RANGE", key, object, ctx -> {
      GetObjectResponse response;
      try {
        response = await(shared.client.getObject(getArgs(object).offset(offset).length((long) length).build()), ctx);
      } catch (Exception e) {
        if ("InvalidRange".equals(S3Errors.code(e))) {
          ObjectInfo info = stat(key).orElseThrow(() -> new ObjectNotFoundException(key, what("GET_RANGE", object) + ": no such object"));
          throw ObjectStoreException.rangePastEnd("GET_RANGE", location(object), offset, length, info.size());
        }
        throw e;
      }
      try (response) {
        String contentRange = response.headers().get("Content-Range");
        long total;
        if (contentRange == null) {
          // the service ignored the range and sent the whole object
          total = contentLength(response);
          response.skipNBytes(Math.min(offset, Math.max(total, 0)));
        } else {
          total = totalFromContentRange(contentRange);
        }
        byte[] bytes = response.readNBytes(length);
        if (bytes.length < length) {
          if (total < 0 || offset + length <= total) {
            throw new EOFException("the response ended after " + bytes.length + " of " + length + " bytes");
          }
          throw ObjectStoreException.rangePastEnd("GET_RANGE", location(object), offset, length, total);
        }
        return bytes;
      }
    });
  }

  @Override
  public void download(String key, Path target) throws ObjectStoreException {
    Objects.requireNonNull(target, "target");
    String object = objectName(key);
    Path absolute = target.toAbsolutePath();
    Path temp = absolute.resolveSibling(absolute.getFileName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".part");
    try {
      try (FileChannel out = FileChannel.open(temp, CREATE_NEW, WRITE)) {
        long[] written = {0};
        long[] total = {-1};
        String[] etag = {null};
        call("DOWNLOAD", key, object, ctx -> {
          GetObjectArgs.Builder args = getArgs(object);
          if (written[0] > 0) {
            args.offset(written[0]).matchETag(etag[0]);
          }
          GetObjectResponse response;
          try {
            response = await(shared.client.getObject(args.build()), ctx);
          } catch (Exception e) {
            if (written[0] > 0 && "PreconditionFailed".equals(S3Errors.code(e))) {
              // replaced since we started: start over
              written[0] = 0;
              total[0] = -1;
              out.truncate(0);
              throw new IOException("the object was replaced during the download; starting over");
            }
            throw e;
          }
          try (response) {
            if (written[0] > 0 && response.headers().get("Content-Range") == null) {
              // the service ignored the range and sends the whole object: take it from the start
              written[0] = 0;
              total[0] = -1;
              out.truncate(0);
            }
            if (total[0] < 0) {
              total[0] = contentLength(response);
              etag[0] = response.headers().get("ETag");
            }
            byte[] buffer = new byte[COPY_BUFFER_BYTES];
            int n;
            while ((n = response.read(buffer)) > 0) {
              ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
              while (chunk.hasRemaining()) {
                written[0] += out.write(chunk, written[0]);
              }
              ctx.progress();
            }
          }
          if (total[0] >= 0 && written[0] != total[0]) {
            throw new EOFException("received " + written[0] + " of " + total[0] + " bytes");
          }
          return null;
        });
        out.force(true);
      }
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel dir = FileChannel.open(absolute.getParent(), READ)) {
        dir.force(true);
      }
    } catch (ObjectStoreException e) {
      deleteQuietly(temp, e);
      throw e;
    } catch (IOException e) {
      ObjectStoreException failure = new ObjectStoreException(what("DOWNLOAD", object) + " to " + target + ": "
          + e.getClass().getSimpleName() + ": " + e.getMessage(), false, e);
      deleteQuietly(temp, failure);
      throw failure;
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws ObjectStoreException {
    String object = objectName(key);
    try {
      StatObjectResponse stat = call("STAT", key, object, ctx -> await(shared.client.statObject(StatObjectArgs.builder()
          .bucket(bucket()).object(object).build()), ctx));
      return Optional.of(new ObjectInfo(key, stat.size(), instant(stat.lastModified()), unquote(stat.etag())));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) throws ObjectStoreException {
    ObjectKeys.requireValidPrefix(prefix);
    String full = this.prefix + prefix;
    List<ObjectInfo> objects = new ArrayList<>();
    String token = null;
    String startAfter = null;
    while (true) {
      ListBucketResultV2 page = listRequest(full, startAfter, token, 1000);
      List<ObjectInfo> items = infos(page);
      objects.addAll(items);
      if (!page.isTruncated()) {
        break;
      }
      token = page.nextContinuationToken();
      if (token == null || token.isEmpty()) {
        // a service that truncates without a continuation token: go on after the last key
        List<? extends Item> contents = page.contents();
        if (contents == null || contents.isEmpty()) {
          break;
        }
        token = null;
        startAfter = contents.getLast().objectName();
      }
    }
    objects.sort((a, b) -> ObjectKeys.ORDER.compare(a.key(), b.key()));
    return objects;
  }

  @Override
  public ObjectListing listPage(String prefix, String startAfter, int maxKeys) throws ObjectStoreException {
    ObjectKeys.requireValidPrefix(prefix);
    LocalObjectStore.checkMaxKeys(maxKeys);
    String after = startAfter == null || startAfter.isEmpty() ? null : this.prefix + startAfter;
    ListBucketResultV2 page = listRequest(this.prefix + prefix, after, null, maxKeys);
    List<ObjectInfo> items = new ArrayList<>(infos(page));
    items.sort((a, b) -> ObjectKeys.ORDER.compare(a.key(), b.key()));
    return new ObjectListing(items, page.isTruncated());
  }

  private ListBucketResultV2 listRequest(String fullPrefix, String startAfter, String token, int maxKeys)
      throws ObjectStoreException {
    String what = "LIST " + location(fullPrefix) + "*";
    return shared.retrier.call(what, deadline, classifier(what, null),
        ctx -> await(shared.client.listPage(bucket(), region(), fullPrefix, startAfter, token, maxKeys), ctx)).result();
  }

  private List<ObjectInfo> infos(ListBucketResultV2 page) {
    List<? extends Item> contents = page.contents();
    if (contents == null) {
      return List.of();
    }
    List<ObjectInfo> infos = new ArrayList<>(contents.size());
    for (Item item : contents) {
      String name = item.objectName();
      // skip "directory" markers other tools create, and anything outside this view
      if (name == null || name.endsWith("/") || !name.startsWith(prefix) || name.length() == prefix.length()) {
        continue;
      }
      infos.add(new ObjectInfo(name.substring(prefix.length()), item.size(), instant(item.lastModified()), unquote(item.etag())));
    }
    return infos;
  }

  // ----------------------------------------------------------------------------------------- views

  @Override
  public ObjectStore scoped(String subPrefix) {
    ObjectKeys.requireValidKey(subPrefix);
    String scopedPrefix = prefix + subPrefix + "/";
    if (utf8Length(scopedPrefix) >= ObjectKeys.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("scoped prefix '" + scopedPrefix + "' leaves no room for keys within "
          + ObjectKeys.MAX_KEY_BYTES + " UTF-8 bytes");
    }
    return new S3ObjectStore(shared, scopedPrefix, deadline, false);
  }

  @Override
  public ObjectStore withDeadline(Duration newDeadline) {
    if (newDeadline == null || newDeadline.isNegative() || newDeadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, got " + newDeadline);
    }
    return new S3ObjectStore(shared, prefix, newDeadline, false);
  }

  /** The deadline of this store or view's requests. */
  public Duration deadline() {
    return deadline;
  }

  @Override
  public String location() {
    return location(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1)).replaceFirst("/$", "");
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + location() + " at " + shared.config.endpoint() + ", deadline " + deadline + "]";
  }

  @Override
  public void close() {
    if (!owner || !shared.closed.compareAndSet(false, true)) {
      return;
    }
    shared.http.dispatcher().cancelAll();
    shared.executor.shutdown();
    shared.http.connectionPool().evictAll();
  }

  // -------------------------------------------------------------------------------------- internals

  private <T> T call(String operation, String key, String object, Retrier.Attempt<T> attempt) throws ObjectStoreException {
    if (shared.closed.get()) {
      throw new IllegalStateException("the object store " + location() + " is closed");
    }
    String what = what(operation, object);
    return shared.retrier.call(what, deadline, classifier(what, key), attempt);
  }

  private Retrier.Classifier classifier(String what, String key) {
    return (failure, timeoutNanos) -> shared.closed.get()
        ? new ObjectStoreException(what + ": the object store was closed", false, failure)
        : S3Errors.classify(what, key, bucket(), failure);
  }

  /**
   * Waits for one request's response, at most the attempt's timeout. A response that arrives
   * after we stopped waiting is closed, so that its connection is not leaked.
   */
  private static <T> T await(CompletableFuture<T> future, Retrier.Attempt.Context ctx) throws Exception {
    try {
      return future.get(ctx.timeoutNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      discard(future);
      throw new S3Errors.AttemptTimeoutException(ctx.timeoutNanos());
    } catch (InterruptedException e) {
      discard(future);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = S3Errors.unwrap(e);
      if (cause instanceof Error error) {
        throw error;
      }
      throw cause instanceof Exception ex ? ex : e;
    }
  }

  private static void discard(CompletableFuture<?> future) {
    future.whenComplete((result, failure) -> {
      if (result instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception ignored) {
          // nobody waits for this response any more
        }
      }
    });
  }

  private GetObjectArgs.Builder getArgs(String object) {
    return GetObjectArgs.builder().bucket(bucket()).object(object);
  }

  private String objectName(String key) {
    ObjectKeys.requireValidKey(key);
    String object = prefix + key;
    if (!prefix.isEmpty() && utf8Length(object) > ObjectKeys.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("object key '" + key + "' under prefix '" + prefix + "' is longer than "
          + ObjectKeys.MAX_KEY_BYTES + " UTF-8 bytes");
    }
    return object;
  }

  private String bucket() {
    return shared.config.bucket();
  }

  private String region() {
    return shared.config.region();
  }

  private String location(String object) {
    return "s3://" + bucket() + "/" + object;
  }

  private String what(String operation, String object) {
    return operation + " " + location(object);
  }

  private static long contentLength(GetObjectResponse response) {
    String value = response.headers().get("Content-Length");
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The object size from {@code bytes first-last/size}, or -1 if it is not given. */
  private static long totalFromContentRange(String contentRange) {
    int slash = contentRange.lastIndexOf('/');
    if (slash < 0) {
      return -1;
    }
    try {
      return Long.parseLong(contentRange.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Instant instant(ZonedDateTime time) {
    return time == null ? Instant.EPOCH : time.toInstant();
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void deleteQuietly(Path file, Throwable failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
