// Raw data (events, evidence, configuration) shown as the server sent it.
export default function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre aria-label={label} tabIndex={0} style={{ background: '#f6f8fa', padding: 12, borderRadius: 6, maxHeight: 420, overflow: 'auto', fontSize: 12 }}>
      {typeof value === 'string' ? value : JSON.stringify(value, null, 2)}
    </pre>
  );
}
