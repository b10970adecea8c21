package io.quiver.storage.object;

import io.minio.CreateMultipartUploadResponse;
import io.minio.DeleteObjectsResponse;
import io.minio.ListMultipartUploadsResponse;
import io.minio.ListObjectsV2Response;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InternalException;
import io.minio.errors.XmlParserException;
import io.minio.messages.DeleteObject;
import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The MinIO asynchronous client with the single-request S3 calls that {@link MinioAsyncClient}
 * keeps protected made reachable: a plain PUT of a byte array (no part splitting of its own),
 * one ListObjectsV2 page, one DeleteObjects batch. Every method is one HTTP request, which is
 * what {@link S3ObjectStore} retries. Thread safe, as the client is.
 */
@SuppressWarnings("try") // S3Base.close() declares Exception; S3ObjectStore closes the HTTP client itself
final class MinioOps extends MinioAsyncClient {

  MinioOps(MinioAsyncClient client) {
    super(client);
  }

  /** PutObject of {@code data[0, length)}. */
  CompletableFuture<ObjectWriteResponse> putBytes(String bucket, String region, String object, byte[] data, int length)
      throws InsufficientDataException, InternalException, InvalidKeyException, IOException,
          NoSuchAlgorithmException, XmlParserException {
    return putObjectAsync(bucket, region, object, data, length, null, null);
  }

  /** CreateMultipartUpload. */
  CompletableFuture<CreateMultipartUploadResponse> createUpload(String bucket, String region, String object)
      throws InsufficientDataException, InternalException, InvalidKeyException, IOException,
          NoSuchAlgorithmException, XmlParserException {
    return createMultipartUploadAsync(bucket, region, object, null, null);
  }

  /** One page of ListObjectsV2, without a delimiter. */
  CompletableFuture<ListObjectsV2Response> listPage(
      String bucket, String region, String prefix, String startAfter, String continuationToken, int maxKeys)
      throws InsufficientDataException, InternalException, InvalidKeyException, IOException,
          NoSuchAlgorithmException, XmlParserException {
    return listObjectsV2Async(bucket, region, null, null, startAfter, maxKeys, prefix, continuationToken,
        false, false, null, null);
  }

  /** One page of ListMultipartUploads. */
  CompletableFuture<ListMultipartUploadsResponse> listUploads(
      String bucket, String region, String prefix, String keyMarker, String uploadIdMarker)
      throws InsufficientDataException, InternalException, InvalidKeyException, IOException,
          NoSuchAlgorithmException, XmlParserException {
    return listMultipartUploadsAsync(bucket, region, null, null, keyMarker, 1000, prefix, uploadIdMarker, null, null);
  }

  /** DeleteObjects (quiet) of up to 1000 objects. */
  CompletableFuture<DeleteObjectsResponse> deleteBatch(String bucket, String region, List<DeleteObject> objects)
      throws InsufficientDataException, InternalException, InvalidKeyException, IOException,
          NoSuchAlgorithmException, XmlParserException {
    return deleteObjectsAsync(bucket, region, objects, true, false, null, null);
  }
}
