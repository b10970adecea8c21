package io.quiver.server.it;

import static io.quiver.server.it.SdkSupport.assertServerError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.grpc.ManagedChannel;
import io.milvus.grpc.RenameCollectionRequest;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.RenameCollectionReq;
import io.milvus.v2.service.database.request.AlterDatabasePropertiesReq;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.database.request.DescribeDatabaseReq;
import io.milvus.v2.service.database.request.DropDatabasePropertiesReq;
import io.milvus.v2.service.database.request.DropDatabaseReq;
import io.milvus.v2.service.database.response.DescribeDatabaseResp;
import io.milvus.v2.service.utility.request.AlterAliasReq;
import io.milvus.v2.service.utility.request.CreateAliasReq;
import io.milvus.v2.service.utility.request.DescribeAliasReq;
import io.milvus.v2.service.utility.request.DropAliasReq;
import io.milvus.v2.service.utility.request.ListAliasesReq;
import io.milvus.v2.service.utility.response.DescribeAliasResp;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.response.SearchResp;
import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Databases, aliases and rename: names resolve in the right database, objects in one database
 * are invisible from another, and data follows a collection through aliases and renames.
 */
class NamespacesIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  static MilvusClientV2 client;

  @BeforeAll
  static void connect() {
    client = SdkSupport.client(QUIVER);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  /** Creates an indexed, loaded collection with rows 0..n-1 in {@code db} ("" = the connection's). */
  static void createWithRows(MilvusClientV2 c, String db, String name, int n) {
    CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64).isPrimaryKey(true).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector).dimension(2).build());
    schema.addField(AddFieldReq.builder().fieldName("tag").dataType(DataType.VarChar).maxLength(32).build());
    c.createCollection(CreateCollectionReq.builder().databaseName(db.isEmpty() ? null : db).collectionName(name)
        .collectionSchema(schema).indexParams(List.of(IndexParam.builder().fieldName("vec")
            .indexType(IndexParam.IndexType.FLAT).metricType(IndexParam.MetricType.L2).build()))
        .build());
    if (n > 0) {
      c.insert(InsertReq.builder().databaseName(db).collectionName(name).data(rows(0, n, name)).build());
    }
  }

  static List<JsonObject> rows(int from, int to, String tag) {
    List<JsonObject> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      JsonObject r = new JsonObject();
      r.addProperty("id", (long) i);
      r.add("vec", SdkSupport.json(new float[] {i, 0}));
      r.addProperty("tag", tag);
      out.add(r);
    }
    return out;
  }

  static long count(MilvusClientV2 c, String db, String collection) {
    return (Long) c.query(QueryReq.builder().databaseName(db.isEmpty() ? null : db).collectionName(collection)
        .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build())
        .getQueryResults().get(0).getEntity().get("count(*)");
  }

  static List<String> tags(MilvusClientV2 c, String db, String collection) {
    return c.query(QueryReq.builder().databaseName(db.isEmpty() ? null : db).collectionName(collection).filter("id >= 0")
        .outputFields(List.of("tag")).consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults().stream()
        .map(r -> (String) r.getEntity().get("tag")).distinct().toList();
  }

  // ------------------------------------------------------------------ databases

  @Test
  void databasesCanBeCreatedListedDescribedAlteredAndDropped() {
    client.createDatabase(CreateDatabaseReq.builder().databaseName("analytics")
        .properties(Map.of("database.replica.number", "1")).build());
    assertThat(client.listDatabases().getDatabaseNames()).contains("default", "analytics");
    DescribeDatabaseResp d = client.describeDatabase(DescribeDatabaseReq.builder().databaseName("analytics").build());
    assertThat(d.getDatabaseName()).isEqualTo("analytics");
    assertThat(d.getProperties()).containsEntry("database.replica.number", "1");

    client.alterDatabaseProperties(AlterDatabasePropertiesReq.builder().databaseName("analytics")
        .properties(Map.of("database.max.collections", "10", "custom.key", "v1")).build());
    assertThat(client.describeDatabase(DescribeDatabaseReq.builder().databaseName("analytics").build()).getProperties())
        .containsEntry("database.replica.number", "1").containsEntry("database.max.collections", "10")
        .containsEntry("custom.key", "v1");
    client.dropDatabaseProperties(DropDatabasePropertiesReq.builder().databaseName("analytics")
        .propertyKeys(List.of("custom.key")).build());
    assertThat(client.describeDatabase(DescribeDatabaseReq.builder().databaseName("analytics").build()).getProperties())
        .doesNotContainKey("custom.key").containsEntry("database.max.collections", "10");

    assertServerError(() -> client.createDatabase(CreateDatabaseReq.builder().databaseName("analytics").build()), "analytics");

    // A database holding a collection cannot be dropped; emptied, it can.
    createWithRows(client, "analytics", "events", 3);
    assertServerError(() -> client.dropDatabase(DropDatabaseReq.builder().databaseName("analytics").build()), "analytics");
    client.dropCollection(DropCollectionReq.builder().databaseName("analytics").collectionName("events").build());
    client.dropDatabase(DropDatabaseReq.builder().databaseName("analytics").build());
    assertThat(client.listDatabases().getDatabaseNames()).contains("default").doesNotContain("analytics");
    assertServerError(() -> client.describeDatabase(DescribeDatabaseReq.builder().databaseName("analytics").build()), "analytics");
    assertServerError(() -> client.dropDatabase(DropDatabaseReq.builder().databaseName("default").build()), "default");
  }

  @Test
  void collectionsInOneDatabaseAreInvisibleFromAnother() throws InterruptedException {
    client.createDatabase(CreateDatabaseReq.builder().databaseName("tenant_a").build());
    client.createDatabase(CreateDatabaseReq.builder().databaseName("tenant_b").build());
    // The same name in two databases (and in default) are three collections.
    createWithRows(client, "tenant_a", "shared_name", 5);
    createWithRows(client, "tenant_b", "shared_name", 7);
    createWithRows(client, "", "shared_name", 2);
    createWithRows(client, "tenant_a", "only_in_a", 1);

    // Through the dbName of each request.
    assertThat(count(client, "tenant_a", "shared_name")).isEqualTo(5);
    assertThat(count(client, "tenant_b", "shared_name")).isEqualTo(7);
    assertThat(count(client, "", "shared_name")).isEqualTo(2);
    assertThat(client.hasCollection(HasCollectionReq.builder().databaseName("tenant_b").collectionName("only_in_a").build()))
        .isFalse();
    assertServerError(() -> client.query(QueryReq.builder().databaseName("tenant_b").collectionName("only_in_a")
        .filter("id >= 0").build()), "only_in_a");

    // Through ConnectConfig.dbName.
    MilvusClientV2 a = SdkSupport.client(ConnectConfig.builder().uri(QUIVER.uri()).dbName("tenant_a").build());
    MilvusClientV2 b = SdkSupport.client(ConnectConfig.builder().uri(QUIVER.uri()).dbName("tenant_b").build());
    try {
      assertThat(a.listCollections().getCollectionNames()).containsExactlyInAnyOrder("shared_name", "only_in_a");
      assertThat(b.listCollections().getCollectionNames()).containsExactly("shared_name");
      assertThat(count(a, "", "shared_name")).isEqualTo(5);
      assertThat(count(b, "", "shared_name")).isEqualTo(7);
      assertThat(b.hasCollection(HasCollectionReq.builder().collectionName("only_in_a").build())).isFalse();
      assertServerError(() -> b.describeCollection(DescribeCollectionReq.builder().collectionName("only_in_a").build()),
          "only_in_a");
      // Writes through a database-bound client land in that database only.
      a.insert(InsertReq.builder().collectionName("shared_name").data(rows(100, 110, "a")).build());
      assertThat(count(a, "", "shared_name")).isEqualTo(15);
      assertThat(count(b, "", "shared_name")).isEqualTo(7);
      assertThat(count(client, "", "shared_name")).isEqualTo(2);
      SearchResp found = b.search(SearchReq.builder().collectionName("shared_name").data(SdkSupport.queries(new float[] {105, 0}))
          .limit(1).consistencyLevel(ConsistencyLevel.STRONG).build());
      assertThat(found.getSearchResults().get(0).get(0).getId()).isEqualTo(6L);
      // useDatabase switches the connection.
      b.useDatabase("tenant_a");
      assertThat(b.listCollections().getCollectionNames()).containsExactlyInAnyOrder("shared_name", "only_in_a");
    } finally {
      a.close();
      b.close();
    }
    // A client bound to an absent database is refused when it connects.
    assertThatThrownBy(() -> SdkSupport.client(ConnectConfig.builder().uri(QUIVER.uri()).dbName("no_such_db").build()))
        .hasMessageContaining("no_such_db");
  }

  // ------------------------------------------------------------------ aliases

  @Test
  void aliasesResolveForWritesAndReadsAndCanBeMoved() {
    createWithRows(client, "", "books_v1", 10);
    createWithRows(client, "", "books_v2", 20);
    client.createAlias(CreateAliasReq.builder().collectionName("books_v1").alias("books").build());
    DescribeAliasResp alias = client.describeAlias(DescribeAliasReq.builder().alias("books").build());
    assertThat(alias.getCollectionName()).isEqualTo("books_v1");
    assertThat(alias.getAlias()).isEqualTo("books");
    assertThat(alias.getDatabaseName()).isEqualTo("default");
    assertThat(client.listAliases(ListAliasesReq.builder().collectionName("books_v1").build()).getAlias()).containsExactly("books");
    assertThat(client.listAliases(ListAliasesReq.builder().collectionName("books_v2").build()).getAlias()).isEmpty();
    assertThat(client.hasCollection(HasCollectionReq.builder().collectionName("books").build())).isTrue();
    assertThat(client.describeCollection(DescribeCollectionReq.builder().collectionName("books").build()).getCollectionName())
        .isEqualTo("books_v1");
    assertThat(client.getLoadState(GetLoadStateReq.builder().collectionName("books").build())).isTrue();

    // Insert, upsert, delete, search and query through the alias reach books_v1.
    client.insert(InsertReq.builder().collectionName("books").data(rows(10, 12, "via-alias")).build());
    client.upsert(UpsertReq.builder().collectionName("books").data(rows(0, 1, "upserted")).build());
    client.delete(DeleteReq.builder().collectionName("books").ids(List.of(1L)).build());
    assertThat(count(client, "", "books_v1")).isEqualTo(11);
    assertThat(count(client, "", "books")).isEqualTo(11);
    assertThat(tags(client, "", "books_v1")).containsExactlyInAnyOrder("books_v1", "via-alias", "upserted");
    SearchResp found = client.search(SearchReq.builder().collectionName("books").data(SdkSupport.queries(new float[] {11, 0}))
        .limit(1).outputFields(List.of("tag")).consistencyLevel(ConsistencyLevel.STRONG).build());
    assertThat(found.getSearchResults().get(0).get(0).getId()).isEqualTo(11L);
    assertThat(found.getSearchResults().get(0).get(0).getEntity()).containsEntry("tag", "via-alias");

    // Altering the alias moves reads to books_v2.
    client.alterAlias(AlterAliasReq.builder().collectionName("books_v2").alias("books").build());
    assertThat(client.describeAlias(DescribeAliasReq.builder().alias("books").build()).getCollectionName()).isEqualTo("books_v2");
    assertThat(count(client, "", "books")).isEqualTo(20);
    assertThat(tags(client, "", "books")).containsExactly("books_v2");
    assertThat(client.listAliases(ListAliasesReq.builder().collectionName("books_v2").build()).getAlias()).containsExactly("books");

    // An alias cannot take a collection's name, a collection with aliases cannot be dropped, and a dropped alias is gone.
    assertServerError(() -> client.createAlias(CreateAliasReq.builder().collectionName("books_v2").alias("books_v1").build()),
        "books_v1");
    assertServerError(() -> client.dropCollection(DropCollectionReq.builder().collectionName("books_v2").build()), "books_v2");
    client.dropAlias(DropAliasReq.builder().alias("books").build());
    assertServerError(() -> client.describeAlias(DescribeAliasReq.builder().alias("books").build()), "books");
    assertThat(client.hasCollection(HasCollectionReq.builder().collectionName("books").build())).isFalse();
    assertServerError(() -> client.query(QueryReq.builder().collectionName("books").filter("id >= 0").build()), "books");
  }

  @Test
  void aliasesBelongToTheirDatabase() {
    client.createDatabase(CreateDatabaseReq.builder().databaseName("alias_db").build());
    createWithRows(client, "alias_db", "inner", 4);
    client.createAlias(CreateAliasReq.builder().databaseName("alias_db").collectionName("inner").alias("inner_alias").build());
    assertThat(count(client, "alias_db", "inner_alias")).isEqualTo(4);
    assertThat(client.hasCollection(HasCollectionReq.builder().collectionName("inner_alias").build())).isFalse();
    assertThat(client.listAliases(ListAliasesReq.builder().databaseName("alias_db").collectionName("inner").build()).getAlias())
        .containsExactly("inner_alias");
    client.dropAlias(DropAliasReq.builder().databaseName("alias_db").alias("inner_alias").build());
  }

  // ------------------------------------------------------------------ rename

  @Test
  void renameKeepsDataIndexAndLoadState() {
    createWithRows(client, "", "before_rename", 6);
    client.renameCollection(RenameCollectionReq.builder().collectionName("before_rename").newCollectionName("after_rename").build());
    assertThat(client.hasCollection(HasCollectionReq.builder().collectionName("before_rename").build())).isFalse();
    assertThat(client.hasCollection(HasCollectionReq.builder().collectionName("after_rename").build())).isTrue();
    assertThat(client.describeCollection(DescribeCollectionReq.builder().collectionName("after_rename").build())
        .getCollectionName()).isEqualTo("after_rename");
    assertThat(count(client, "", "after_rename")).isEqualTo(6);
    client.insert(InsertReq.builder().collectionName("after_rename").data(rows(6, 8, "later")).build());
    SearchResp found = client.search(SearchReq.builder().collectionName("after_rename")
        .data(SdkSupport.queries(new float[] {7, 0})).limit(1).consistencyLevel(ConsistencyLevel.STRONG).build());
    assertThat(found.getSearchResults().get(0).get(0).getId()).isEqualTo(7L);
    assertServerError(() -> client.query(QueryReq.builder().collectionName("before_rename").filter("id >= 0").build()),
        "before_rename");
    // Renaming onto an existing name fails and changes nothing.
    createWithRows(client, "", "taken", 1);
    assertServerError(() -> client.renameCollection(RenameCollectionReq.builder().collectionName("after_rename")
        .newCollectionName("taken").build()), "taken");
    assertThat(count(client, "", "after_rename")).isEqualTo(8);
    assertThat(count(client, "", "taken")).isEqualTo(1);
  }

  /** The V2 client's RenameCollectionReq has no target database, so this one rename goes through the raw stub. */
  @Test
  void renameMovesACollectionAcrossDatabases() throws Exception {
    client.createDatabase(CreateDatabaseReq.builder().databaseName("archive").build());
    createWithRows(client, "", "to_archive", 9);
    ManagedChannel channel = SdkSupport.channel(QUIVER);
    try {
      io.milvus.grpc.Status status = SdkSupport.stub(channel).renameCollection(RenameCollectionRequest.newBuilder()
          .setDbName("default").setOldName("to_archive").setNewDBName("archive").setNewName("archived").build());
      assertThat(status.getCode()).as(status.getReason()).isZero();
    } finally {
      SdkSupport.close(channel);
    }
    assertThat(client.hasCollection(HasCollectionReq.builder().collectionName("to_archive").build())).isFalse();
    assertThat(client.hasCollection(HasCollectionReq.builder().databaseName("archive").collectionName("archived").build())).isTrue();
    assertThat(count(client, "archive", "archived")).isEqualTo(9);
    assertThat(client.describeCollection(DescribeCollectionReq.builder().databaseName("archive").collectionName("archived").build())
        .getDatabaseName()).isEqualTo("archive");
  }
}
