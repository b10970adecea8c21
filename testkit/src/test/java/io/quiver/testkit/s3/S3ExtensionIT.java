package io.quiver.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3ExtensionIT {

    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    static final S3Extension s3 = S3Extension.create();

    private MinioClient minio;

    @BeforeEach
    void connect() {
        minio = MinioClient.builder()
                .endpoint(s3.endpoint())
                .credentials(s3.accessKey(), s3.secretKey())
                .region(s3.region())
                .build();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private void makeBucket(String bucket) throws Exception {
        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }

    private void put(String bucket, String object, byte[] data) throws Exception {
        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(object)
                .stream(new ByteArrayInputStream(data), data.length, -1).build());
    }

    private byte[] get(GetObjectArgs args) throws Exception {
        try (InputStream in = minio.getObject(args)) {
            return in.readAllBytes();
        }
    }

    @Test
    void putThenRangedGetReturnsExactlyTheRequestedBytes() throws Exception {
        makeBucket("ranged");
        byte[] data = randomBytes(64 * 1024, 1);
        put("ranged", "segments/0001.bin", data);

        byte[] range = get(GetObjectArgs.builder().bucket("ranged").object("segments/0001.bin")
                .offset(1000L).length(4096L).build());
        byte[] whole = get(GetObjectArgs.builder().bucket("ranged").object("segments/0001.bin").build());

        assertThat(range).isEqualTo(Arrays.copyOfRange(data, 1000, 1000 + 4096));
        assertThat(whole).isEqualTo(data);
    }

    @Test
    void listsObjectsUnderAPrefix() throws Exception {
        makeBucket("listing");
        for (String name : List.of("a/1", "a/2", "a/3", "b/1")) {
            put("listing", name, name.getBytes(StandardCharsets.UTF_8));
        }

        List<String> names = new ArrayList<>();
        for (Result<Item> result : minio.listObjects(ListObjectsArgs.builder().bucket("listing")
                .prefix("a/").recursive(true).build())) {
            names.add(result.get().objectName());
        }

        assertThat(names).containsExactly("a/1", "a/2", "a/3");
    }

    @Test
    void multipartUploadOfTwelveMebibytesRoundTrips() throws Exception {
        makeBucket("multipart");
        byte[] data = randomBytes(12 * MIB, 12);

        minio.putObject(PutObjectArgs.builder().bucket("multipart").object("big.bin")
                .stream(new ByteArrayInputStream(data), data.length, 5L * MIB).build());

        StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket("multipart").object("big.bin").build());
        assertThat(stat.size()).isEqualTo(data.length);
        // an S3 multipart ETag is "<md5 of the part md5s>-<part count>": 5 + 5 + 2 MiB
        assertThat(stat.etag()).endsWith("-3");
        assertThat(get(GetObjectArgs.builder().bucket("multipart").object("big.bin").build())).isEqualTo(data);
        assertThat(get(GetObjectArgs.builder().bucket("multipart").object("big.bin")
                .offset(5L * MIB - 10).length(20L).build()))
                .isEqualTo(Arrays.copyOfRange(data, 5 * MIB - 10, 5 * MIB + 10));
    }

    @Test
    void keepsBucketsAndObjectsAcrossStopAndStart() throws Exception {
        makeBucket("outage");
        put("outage", "kept", new byte[] {1, 2, 3});
        String endpoint = s3.endpoint();

        s3.stop();
        assertThat(s3.process().isAlive()).isFalse();
        s3.start();

        assertThat(s3.endpoint()).isEqualTo(endpoint);
        assertThat(minio.bucketExists(BucketExistsArgs.builder().bucket("outage").build())).isTrue();
        assertThat(get(GetObjectArgs.builder().bucket("outage").object("kept").build())).containsExactly(1, 2, 3);
    }
}
