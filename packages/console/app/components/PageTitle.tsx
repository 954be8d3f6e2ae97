import { Space } from 'antd';
import type { ReactNode } from 'react';
import SeverityTag from './SeverityTag.tsx';
import StatusTag from './StatusTag.tsx';

interface Props {
  title: ReactNode;
  /** For an entity's page (an alert, an incident): its severity and status beside its name. */
  severity?: string;
  status?: string;
  extra?: ReactNode;
}

/** The page's heading (its `h1`, which tests and screen readers look for) and its actions. */
export default function PageTitle({ title, severity, status, extra }: Props) {
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
      <h1 style={{ fontSize: 24, fontWeight: 600, margin: 0 }}>
        <Space wrap>
          {title}
          {severity && <SeverityTag severity={severity} />}
          {status && <StatusTag status={status} />}
        </Space>
      </h1>
      {extra}
    </Space>
  );
}
