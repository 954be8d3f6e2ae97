import type { GraphEdge, GraphNode } from '../api/types.ts';

export const COLUMN_WIDTH = 260;
export const ROW_HEIGHT = 90;

/**
 * Left-to-right layers: a node's column is the longest chain of edges leading to it (cycles are
 * cut after as many passes as there are nodes); rows follow the nodes' order within a column.
 */
export function layout(nodes: GraphNode[], edges: GraphEdge[]): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (let pass = 0; pass < nodes.length; pass++) {
    let moved = false;
    for (const e of edges) {
      if (!depth.has(e.from) || !depth.has(e.to)) continue;
      const next = depth.get(e.from)! + 1;
      if (next > depth.get(e.to)! && next < nodes.length) {
        depth.set(e.to, next);
        moved = true;
      }
    }
    if (!moved) break;
  }
  const rows = new Map<number, number>();
  const at = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const column = depth.get(n.id)!;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    at.set(n.id, { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT });
  }
  return at;
}
