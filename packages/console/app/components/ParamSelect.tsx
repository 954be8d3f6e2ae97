// A labelled filter bound to one address parameter (`?severity=high`).
import { Select } from 'antd';
import { useUrlParams } from './useUrlParams.ts';

interface Props {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  width?: number;
}

export default function ParamSelect({ name, label, options, width = 170 }: Props) {
  const [params, update] = useUrlParams();
  return (
    <Select
      aria-label={label}
      placeholder={label}
      allowClear
      value={params.get(name) ?? undefined}
      onChange={(value?: string) => update({ [name]: value })}
      options={options}
      style={{ width }}
    />
  );
}
