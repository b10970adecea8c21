// Drives a running Quiver server with the official Milvus Node SDK: create, insert, search,
// query. Usage: node sdk-smoke.mjs HOST:PORT. Exits non-zero, with the reason, on any mismatch.
import { MilvusClient, DataType } from '@zilliz/milvus2-sdk-node';
import assert from 'node:assert/strict';

const address = process.argv[2];
if (!address) {
  console.error('usage: node sdk-smoke.mjs HOST:PORT');
  process.exit(2);
}

const client = new MilvusClient({ address, timeout: 30000 });
try {
  await client.connectPromise;
} catch (e) {
  console.error('cannot connect to ' + address + ': ' + e);
  process.exit(1);
}

const collection = 'node_smoke';
const dim = 8;

function vector(i) {
  const v = [];
  for (let d = 0; d < dim; d++) v.push(Math.sin(i * 7 + d) + (d === i % dim ? 1 : 0));
  return v;
}

async function main() {
  const version = await client.getVersion();
  assert.equal(version.status.error_code, 'Success');

  await client.dropCollection({ collection_name: collection });
  const created = await client.createCollection({
    collection_name: collection,
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
      { name: 'vector', data_type: DataType.FloatVector, dim },
      { name: 'title', data_type: DataType.VarChar, max_length: 64 },
      { name: 'score', data_type: DataType.Int32 },
    ],
    enable_dynamic_field: true,
  });
  assert.equal(created.error_code, 'Success', JSON.stringify(created));

  const index = await client.createIndex({
    collection_name: collection,
    field_name: 'vector',
    index_type: 'HNSW',
    metric_type: 'L2',
    params: { M: 16, efConstruction: 64 },
  });
  assert.equal(index.error_code, 'Success', JSON.stringify(index));
  const load = await client.loadCollectionSync({ collection_name: collection });
  assert.equal(load.error_code, 'Success', JSON.stringify(load));

  const rows = [];
  for (let i = 0; i < 200; i++) {
    rows.push({ id: i, vector: vector(i), title: 'doc-' + i, score: i % 10, color: i % 2 === 0 ? 'red' : 'blue' });
  }
  const inserted = await client.insert({ collection_name: collection, data: rows });
  assert.equal(inserted.status.error_code, 'Success', JSON.stringify(inserted.status));
  assert.equal(Number(inserted.insert_cnt), 200);

  const described = await client.describeCollection({ collection_name: collection });
  assert.equal(described.status.error_code, 'Success');
  assert.deepEqual(described.schema.fields.map((f) => f.name), ['id', 'vector', 'title', 'score']);

  const search = await client.search({
    collection_name: collection,
    data: [vector(42)],
    limit: 5,
    filter: 'score >= 0',
    output_fields: ['id', 'title', 'color'],
  });
  assert.equal(search.status.error_code, 'Success', JSON.stringify(search.status));
  assert.equal(search.results.length, 5);
  assert.equal(String(search.results[0].id), '42');
  assert.equal(search.results[0].title, 'doc-42');
  assert.equal(search.results[0].color, 'red');

  const filtered = await client.search({
    collection_name: collection,
    data: [vector(42)],
    limit: 3,
    filter: 'color == "blue" and score < 5',
    output_fields: ['id', 'score', 'color'],
  });
  assert.equal(filtered.results.length, 3);
  for (const hit of filtered.results) {
    assert.equal(hit.color, 'blue');
    assert.ok(Number(hit.score) < 5);
  }

  const query = await client.query({
    collection_name: collection,
    filter: 'id in [3, 4, 5]',
    output_fields: ['id', 'title'],
  });
  assert.equal(query.status.error_code, 'Success', JSON.stringify(query.status));
  assert.deepEqual(query.data.map((r) => String(r.id)).sort(), ['3', '4', '5']);

  const count = await client.count({ collection_name: collection, filter: 'score == 1' });
  assert.equal(Number(count.data), 20);

  const deleted = await client.delete({ collection_name: collection, filter: 'id < 10' });
  assert.equal(deleted.status.error_code, 'Success');
  const after = await client.count({ collection_name: collection });
  assert.equal(Number(after.data), 190);

  const missing = await client.describeCollection({ collection_name: 'no_such_collection' });
  assert.equal(missing.status.error_code, 'CollectionNotExists');

  await client.dropCollection({ collection_name: collection });
  console.log(JSON.stringify({ ok: true, version: version.version }));
}

try {
  await main();
  await client.closeConnection();
  process.exit(0);
} catch (e) {
  console.error('node SDK test failed: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
}
