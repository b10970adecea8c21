package io.quiver.engine.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.QuiverException;
import org.junit.jupiter.api.Test;

class IndexRegistryTest {

  @Test
  void registersEveryFloatIndexType() {
    assertThat(IndexRegistry.supportedTypes()).contains("FLAT", "HNSW", "HNSW_SQ", "HNSW_PQ", "IVF_FLAT", "IVF_SQ8", "IVF_PQ");
  }

  @Test
  void autoIndexIsHnswWithScalarQuantization() {
    assertThat(IndexRegistry.canonicalType("AUTOINDEX")).isEqualTo("HNSW_SQ");
    assertThat(IndexRegistry.canonicalType(" autoindex ")).isEqualTo("HNSW_SQ");
    assertThat(IndexRegistry.canonicalType(null)).isEqualTo("HNSW_SQ");
    assertThat(IndexRegistry.factory("AUTOINDEX").type()).isEqualTo("HNSW_SQ");
    assertThat(IndexRegistry.factory("hnsw").type()).isEqualTo("HNSW");
  }

  @Test
  void rejectsUnknownTypesNamingIndexType() {
    assertThatThrownBy(() -> IndexRegistry.factory("DISKANN"))
        .isInstanceOf(QuiverException.class)
        .hasMessageContaining("index_type")
        .hasMessageContaining("HNSW");
  }
}
