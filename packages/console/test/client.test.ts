import assert from 'node:assert/strict';
import { test } from 'node:test';
import { url } from '../app/api/client.ts';

test('url fills path parameters (encoded) and drops empty query values', () => {
  assert.equal(url('GET /alerts/{id}', { path: { id: 'a/1 b' } }), '/api/v1/alerts/a%2F1%20b');
  assert.equal(url('GET /alerts', { query: { status: 'new', q: '', host_id: undefined, limit: 20 } }), '/api/v1/alerts?status=new&limit=20');
  assert.equal(url('GET /hosts/{id}/inventory', { path: { id: 'h1' }, query: { table: 'users' } }), '/api/v1/hosts/h1/inventory?table=users');
  assert.equal(url('GET /overview'), '/api/v1/overview');
});
