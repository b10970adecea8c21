package io.quiver.server.it;

// README-EXAMPLE-START
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.List;

public class ReadmeExample {

  public static void main(String[] args) {
    String uri = args.length > 0 ? args[0] : "http://localhost:19530";
    MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri).build());

    // A collection with an Int64 "id", a 4-d "vector" and dynamic fields, indexed and loaded.
    client.createCollection(CreateCollectionReq.builder().collectionName("quickstart").dimension(4).build());

    Gson gson = new Gson();
    List<JsonObject> rows = List.of(
        gson.fromJson("{\"id\": 1, \"vector\": [0.1, 0.2, 0.3, 0.4], \"title\": \"apples\", \"year\": 2021}", JsonObject.class),
        gson.fromJson("{\"id\": 2, \"vector\": [0.2, 0.1, 0.4, 0.3], \"title\": \"pears\", \"year\": 2023}", JsonObject.class),
        gson.fromJson("{\"id\": 3, \"vector\": [0.9, 0.8, 0.1, 0.0], \"title\": \"ships\", \"year\": 2024}", JsonObject.class));
    client.insert(InsertReq.builder().collectionName("quickstart").data(rows).build());

    SearchResp found = client.search(SearchReq.builder()
        .collectionName("quickstart")
        .data(List.of(new FloatVec(new float[] {0.1f, 0.2f, 0.3f, 0.35f})))
        .limit(2)
        .filter("year >= 2022")
        .outputFields(List.of("title", "year"))
        .build());
    for (SearchResp.SearchResult hit : found.getSearchResults().get(0)) {
      System.out.println(hit.getId() + " " + hit.getScore() + " " + hit.getEntity());
    }
    client.close();
  }
}
// README-EXAMPLE-END
