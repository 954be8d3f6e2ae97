// A titled box for the overview. antd's Card would do, but it brings Tabs (and their overflow
// menu) into the landing page's JavaScript; this is a section with a heading.
import type { ReactNode } from 'react';

export default function Panel({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section aria-label={title} style={{ background: '#fff', borderRadius: 8, border: '1px solid #f0f0f0', height: '100%' }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '12px 16px', borderBottom: '1px solid #f0f0f0' }}>
        <h2 style={{ fontSize: 16, fontWeight: 600, margin: 0 }}>{title}</h2>
        {extra}
      </header>
      <div style={{ padding: 16 }}>{children}</div>
    </section>
  );
}
