import { Space } from 'antd';
import type { ReactNode } from 'react';

/** The page's heading (its `h1`, which tests and screen readers look for) and its actions. */
export default function PageTitle({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
      <h1 style={{ fontSize: 24, fontWeight: 600, margin: 0 }}>{title}</h1>
      {extra}
    </Space>
  );
}
