/** The OpenAPI 3.1 document, generated from the route table's zod schemas. */
import { z } from 'zod';
import { type RouteSpec, urlPath } from './route.ts';

const errorSchema = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };

function jsonSchema(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _draft, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parameters(s: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!s) return [];
  const schema = jsonSchema(s, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, p]) => ({ name, in: where, required: where === 'path' || (schema.required ?? []).includes(name), schema: p }));
}

export function openApiDocument(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const security = r.access === 'public' ? [] : r.access === 'agent' ? [{ agentCredential: [] }] : [{ session: [] }, { apiToken: [] }];
    const ok: Record<string, unknown> = { description: 'OK' };
    if (r.response) ok.content = { 'application/json': { schema: jsonSchema(r.response, 'output') } };
    else if (r.produces) ok.content = { [r.produces]: { schema: { type: 'string' } } };
    const responses: Record<string, unknown> = {
      [String(r.status ?? 200)]: ok,
      400: { description: 'Bad request', content: { 'application/json': { schema: errorSchema } } },
    };
    if (r.access !== 'public') {
      responses[401] = { description: 'No or bad credentials', content: { 'application/json': { schema: errorSchema } } };
      responses[403] = { description: `Needs ${r.access === 'agent' ? 'this agent’s credential' : `role ${r.access} or higher`}`, content: { 'application/json': { schema: errorSchema } } };
    }
    (paths[urlPath(r)] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      'x-vigil-access': r.access,
      security,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Vigil server API', version },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'vigil_session' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'API token `vgt_…`' },
        agentCredential: { type: 'http', scheme: 'bearer', description: 'Agent credential `vga_…` from enrollment' },
      },
    },
    paths,
  };
}
