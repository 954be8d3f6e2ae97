// What a detail page shows before its data is there: a spinner, or the error that stopped it.
import { Alert as Notice, Spin } from 'antd';

export default function Loading({ error }: { error?: Error }) {
  if (error) return <Notice type="error" showIcon title={error.message} />;
  return <Spin aria-busy="true" style={{ display: 'block', margin: 48 }} />;
}
