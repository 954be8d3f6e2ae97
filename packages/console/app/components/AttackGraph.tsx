// The attack story as a picture: processes, files, connections, users and hosts as nodes, what
// one did to another as edges, laid out left to right by distance from where the story starts.
import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GraphEdge, GraphNode, GraphNodeType } from '../api/types.ts';
import { layout } from './graphLayout.ts';

export const NODE_COLORS: Record<GraphNodeType, string> = {
  process: '#1456c8',
  file: '#7c3aed',
  connection: '#d4380d',
  user: '#389e0d',
  host: '#434343',
};

export default function AttackGraph({ nodes, edges }: { nodes: GraphNode[]; edges: GraphEdge[] }) {
  const { t } = useTranslation();
  const flow = useMemo(() => {
    const at = layout(nodes, edges);
    const flowNodes: Node[] = nodes.map((n) => ({
      id: n.id,
      position: at.get(n.id)!,
      data: { label: `${t(`graph.${n.type}`)}: ${n.label}` },
      ariaLabel: `${t(`graph.${n.type}`)} ${n.label}`,
      style: {
        border: `2px solid ${NODE_COLORS[n.type] ?? '#999'}`,
        boxShadow: n.alert ? '0 0 0 3px rgba(212,56,13,.35)' : undefined,
        fontSize: 12,
        width: 220,
        overflowWrap: 'anywhere',
      },
    }));
    const flowEdges: Edge[] = edges.map((e, i) => ({ id: `${i}`, source: e.from, target: e.to, label: e.type, markerEnd: { type: MarkerType.ArrowClosed } }));
    return { flowNodes, flowEdges };
  }, [nodes, edges, t]);
  return (
    <div style={{ height: 480, border: '1px solid #f0f0f0', borderRadius: 6 }} aria-label={t('incidents.graph')} role="figure">
      <ReactFlow nodes={flow.flowNodes} edges={flow.flowEdges} fitView nodesDraggable nodesConnectable={false} proOptions={{ hideAttribution: true }}>
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
