/**
 * Checks the console's answer types (app/api/endpoints.ts) against the server's OpenAPI
 * document: every field a type declares must be in the schema the server validates its answer
 * with, recursively through objects and arrays. Read with the TypeScript compiler, so the types
 * stay plain hand-readable TypeScript and still cannot drift from the server.
 */
import { join } from 'node:path';
import ts from 'typescript';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; additionalProperties?: unknown };
export interface OpenApi {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
}

const endpointsFile = join(import.meta.dirname, '../app/api/endpoints.ts');

/** Alternatives of a nullable or union schema, without the null. */
function variants(schema: Schema): Schema[] {
  const alternatives = schema.anyOf ?? schema.oneOf;
  return alternatives ? alternatives.flatMap(variants).filter((s) => s.type !== 'null') : [schema];
}

export function fieldsMissingFromSchema(doc: OpenApi): string[] {
  const program = ts.createProgram([endpointsFile], { strict: true, noEmit: true, allowImportingTsExtensions: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(endpointsFile)!;
  const endpoints = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Endpoints')!;
  const missing: string[] = [];

  const compare = (type: ts.Type, schema: Schema, where: string, depth: number): void => {
    if (depth > 6) return;
    const t = type.getNonNullableType();
    if (t.isUnion()) return t.types.forEach((part) => compare(part, schema, where, depth));
    const shapes = variants(schema);
    if (checker.isArrayType(t)) {
      const items = shapes.find((s) => s.items)?.items;
      if (items) compare(checker.getTypeArguments(t as ts.TypeReference)[0]!, items, `${where}[]`, depth + 1);
      return;
    }
    const objects = shapes.filter((s) => s.properties);
    if (objects.length === 0 || !(t.flags & ts.TypeFlags.Object)) return;
    for (const prop of checker.getPropertiesOfType(t)) {
      const owner = objects.find((s) => prop.name in s.properties!);
      if (!owner) {
        if (!objects.some((s) => s.additionalProperties)) missing.push(`${where}.${prop.name}`);
        continue;
      }
      compare(checker.getTypeOfSymbolAtLocation(prop, endpoints), owner.properties![prop.name]!, `${where}.${prop.name}`, depth + 1);
    }
  };

  for (const member of endpoints.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const key = (member.name as ts.StringLiteral).text;
    const [method, path] = key.split(' ') as [string, string];
    const responses = doc.paths[`/api/v1${path}`]?.[method.toLowerCase()]?.responses ?? {};
    const ok = Object.entries(responses).find(([status]) => status.startsWith('2'))?.[1];
    const schema = ok?.content?.['application/json']?.schema;
    const response = checker.getPropertyOfType(checker.getTypeAtLocation(member.type), 'response');
    if (!schema || !response) continue;
    compare(checker.getTypeOfSymbolAtLocation(response, member), schema, key, 0);
  }
  return missing;
}
