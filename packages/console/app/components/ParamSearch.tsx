// A labelled text search bound to one address parameter (`?q=`).
import { Input } from 'antd';
import { useUrlParams } from './useUrlParams.ts';

export default function ParamSearch({ label, name = 'q', width = 280 }: { label: string; name?: string; width?: number }) {
  const [params, update] = useUrlParams();
  return <Input.Search aria-label={label} placeholder={label} defaultValue={params.get(name) ?? ''} allowClear onSearch={(value) => update({ [name]: value })} style={{ width }} />;
}
