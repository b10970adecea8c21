package io.quiver.storage.imports;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet page codecs without Hadoop: UNCOMPRESSED, SNAPPY, ZSTD and LZ4_RAW through
 * aircompressor (pure Java), GZIP through {@link java.util.zip}. parquet-hadoop's own {@code
 * CodecFactory} goes through Hadoop's codec classes and needs Hadoop at run time; this one does
 * not. Other codecs (LZO, BROTLI, Hadoop's framed LZ4) are rejected with a clear message.
 * Stateless and thread safe: every call makes its own (de)compressor.
 */
public final class ParquetCodecs implements CompressionCodecFactory {

  public static final ParquetCodecs INSTANCE = new ParquetCodecs();

  private ParquetCodecs() {}

  static boolean supported(CompressionCodecName codec) {
    return switch (codec) {
      case UNCOMPRESSED, SNAPPY, ZSTD, LZ4_RAW, GZIP -> true;
      default -> false;
    };
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    if (!supported(codec)) {
      throw new IllegalArgumentException("Parquet codec " + codec + " is not supported; use SNAPPY, ZSTD, GZIP, LZ4_RAW or none");
    }
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput input) throws IOException {
        byte[] src = input.toByteArray();
        return switch (codec) {
          case UNCOMPRESSED -> BytesInput.from(src);
          case GZIP -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(src.length / 2 + 64);
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
              gz.write(src);
            }
            yield BytesInput.from(out.toByteArray());
          }
          default -> {
            Compressor c = compressor(codec);
            byte[] out = new byte[c.maxCompressedLength(src.length)];
            int n = c.compress(src, 0, src.length, out, 0, out.length);
            yield BytesInput.from(out, 0, n);
          }
        };
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    if (!supported(codec)) {
      throw new UnsupportedCodecException(codec);
    }
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput input, int uncompressedSize) throws IOException {
        if (codec == CompressionCodecName.UNCOMPRESSED) {
          return input;
        }
        byte[] src = input.toByteArray();
        byte[] out = new byte[uncompressedSize];
        int n;
        if (codec == CompressionCodecName.GZIP) {
          try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(src))) {
            n = gz.readNBytes(out, 0, uncompressedSize);
          }
        } else {
          try {
            n = decompressor(codec).decompress(src, 0, src.length, out, 0, out.length);
          } catch (MalformedInputException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException("corrupt " + codec + " page: " + e.getMessage(), e);
          }
        }
        if (n != uncompressedSize) {
          throw new IOException("corrupt " + codec + " page: " + n + " bytes after decompression, expected " + uncompressedSize);
        }
        return BytesInput.from(out);
      }

      @Override
      public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] src = new byte[compressedSize];
        input.get(src);
        output.put(decompress(BytesInput.from(src), uncompressedSize).toByteBuffer());
      }

      @Override
      public void release() {}
    };
  }

  private static Compressor compressor(CompressionCodecName codec) {
    return switch (codec) {
      case SNAPPY -> new SnappyCompressor();
      case ZSTD -> new ZstdCompressor();
      case LZ4_RAW -> new Lz4Compressor();
      default -> throw new IllegalStateException(codec.name());
    };
  }

  private static Decompressor decompressor(CompressionCodecName codec) {
    return switch (codec) {
      case SNAPPY -> new SnappyDecompressor();
      case ZSTD -> new ZstdDecompressor();
      case LZ4_RAW -> new Lz4Decompressor();
      default -> throw new IllegalStateException(codec.name());
    };
  }

  @Override
  public void release() {}

  /** A file compressed with a codec this factory does not have. */
  static final class UnsupportedCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedCodecException(CompressionCodecName codec) {
      super("compression codec " + codec + " is not supported (SNAPPY, ZSTD, GZIP, LZ4_RAW and uncompressed are)");
    }
  }
}
