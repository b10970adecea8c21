// Drives a Quiver server with authorization enabled through the official Milvus Node SDK: calls
// with a wrong password, an unknown user and no credentials must fail promptly (no retry loop)
// with the authentication status; root with the default password must work.
// Usage: node sdk-auth.mjs HOST:PORT. Prints one JSON line; exits non-zero on any mismatch.
import { MilvusClient } from '@zilliz/milvus2-sdk-node';
import assert from 'node:assert/strict';

const address = process.argv[2];
if (!address) {
  console.error('usage: node sdk-auth.mjs HOST:PORT');
  process.exit(2);
}

const calls = {
  getVersion: c => c.getVersion(),
  checkHealth: c => c.checkHealth(),
  listDatabases: c => c.listDatabases(),
  showCollections: c => c.showCollections(),
  hasCollection: c => c.hasCollection({ collection_name: 'node_auth' }),
  describeCollection: c => c.describeCollection({ collection_name: 'node_auth' }),
  createCollection: c => c.createCollection({ collection_name: 'node_auth', dimension: 4 }),
  search: c => c.search({ collection_name: 'node_auth', data: [[0.1, 0.2, 0.3, 0.4]], limit: 1 }),
  query: c => c.query({ collection_name: 'node_auth', filter: 'id > 0' }),
  insert: c => c.insert({ collection_name: 'node_auth', data: [{ id: 1, vector: [0.1, 0.2, 0.3, 0.4] }] }),
  listUsers: c => c.listUsers(),
};

function statusOf(r) {
  if (r && r.status) return r.status;
  if (r && r.error_code !== undefined) return r;
  return null;
}

async function probe(label, config) {
  const client = new MilvusClient({ address, timeout: 15000, ...config });
  const results = [];
  for (const [name, call] of Object.entries(calls)) {
    const started = Date.now();
    let outcome;
    try {
      const r = await call(client);
      const s = statusOf(r);
      outcome = { name, threw: false, error_code: s && s.error_code, code: s && Number(s.code), reason: s && s.reason,
        value: r && r.value };
    } catch (e) {
      const m = e && e.message !== undefined ? e.message : e;
      outcome = { name, threw: true, message: typeof m === 'string' ? m : JSON.stringify(m) };
    }
    outcome.ms = Date.now() - started;
    results.push(outcome);
  }
  await client.closeConnection();
  for (const r of results) {
    assert.ok(r.ms < 5000, `${label} ${r.name} took ${r.ms} ms (retrying?)`);
    if (r.name === 'hasCollection' && !r.threw) {
      // Node's hasCollection is a DescribeCollection that answers false on any error status
      assert.equal(r.value, false, `${label} hasCollection: ${JSON.stringify(r)}`);
    } else if (r.threw) {
      // Node's search/insert/query describe the collection first and dereference its schema, so any error
      // status there (this one included) surfaces as a TypeError; either way the call fails at once.
      assert.match(r.message, /auth check failure|missing authorization|PermissionDenied|1800|reading 'fields'/,
        `${label} ${r.name}: ${r.message}`);
    } else {
      assert.equal(r.error_code, 'PermissionDenied', `${label} ${r.name}: ${JSON.stringify(r)}`);
      assert.equal(r.code, 1800, `${label} ${r.name}: ${JSON.stringify(r)}`);
    }
  }
  return results;
}

async function main() {
  const wrong = await probe('wrong password', { username: 'root', password: 'not-the-password' });
  const unknown = await probe('unknown user', { username: 'nobody', password: 'Milvus' });
  const none = await probe('no credentials', {});

  const root = new MilvusClient({ address, timeout: 15000, username: 'root', password: 'Milvus' });
  await root.connectPromise;
  const dbs = await root.listDatabases();
  assert.equal(dbs.status.error_code, 'Success');
  assert.ok(dbs.db_names.includes('default'));
  await root.closeConnection();
  console.log(JSON.stringify({ ok: true, wrong, unknown, none }));
}

main().then(() => process.exit(0), e => {
  console.error(e && e.stack || e);
  process.exit(1);
});
