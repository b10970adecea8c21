package io.quiver.storage.imports;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetMetricsCallback;
import org.apache.parquet.io.LocalInputFile;

/**
 * Opens Parquet files with parquet-java (parquet-hadoop) but without Hadoop on the class path.
 *
 * <p>Why this class exists: {@link ParquetFileReader} itself reads an {@link
 * org.apache.parquet.io.InputFile} without Hadoop, and with {@link ParquetCodecs} its pages need
 * no Hadoop codec either. But the only public way to make its {@link ParquetReadOptions}, the
 * builder, creates a Hadoop-backed codec factory and resolves a Hadoop record filter in its
 * constructor (parquet-java issue 3780), so it fails with {@link NoClassDefFoundError} when Hadoop
 * is absent. The options are therefore made with their (package-private) all-arguments
 * constructor, by reflection on a library class on the class path (no JDK internals, so no
 * {@code --add-opens}). Should a new parquet-java change that constructor, the builder is used
 * instead, which works when Hadoop's client jars are present; {@code ParquetImportTest} fails
 * first, since tests run without Hadoop.
 */
final class ParquetFiles {

  private static final Constructor<ParquetReadOptions> OPTIONS = findOptionsConstructor();

  private ParquetFiles() {}

  private static Constructor<ParquetReadOptions> findOptionsConstructor() {
    try {
      Constructor<ParquetReadOptions> c = ParquetReadOptions.class.getDeclaredConstructor(
          boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
          boolean.class, boolean.class, FilterCompat.Filter.class, ParquetMetadataConverter.MetadataFilter.class,
          CompressionCodecFactory.class, ByteBufferAllocator.class, int.class, Map.class,
          FileDecryptionProperties.class, ParquetMetricsCallback.class, ParquetConfiguration.class);
      c.setAccessible(true);
      return c;
    } catch (NoSuchMethodException | RuntimeException e) {
      return null;
    }
  }

  /** Read options: our codecs, no filters, no checksum or statistics use, heap buffers. */
  static ParquetReadOptions readOptions() {
    if (OPTIONS != null) {
      try {
        return OPTIONS.newInstance(
            true, // useSignedStringMinMax
            false, // useStatsFilter
            false, // useDictionaryFilter
            false, // useRecordFilter
            false, // useColumnIndexFilter
            false, // usePageChecksumVerification
            false, // useBloomFilter
            false, // useOffHeapDecryptBuffer
            false, // useHadoopVectoredIo
            FilterCompat.NOOP,
            ParquetMetadataConverter.NO_FILTER,
            ParquetCodecs.INSTANCE,
            new HeapByteBufferAllocator(),
            8 << 20, // maxAllocationSize
            new HashMap<String, String>(),
            null, // no decryption
            null, // no metrics
            new PlainParquetConfiguration());
      } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot make Parquet read options", e);
      }
    }
    return ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE).build();
  }

  /** Opens {@code path} and reads its footer. */
  static ParquetFileReader open(Path path) throws IOException {
    return ParquetFileReader.open(new LocalInputFile(path), readOptions());
  }
}
