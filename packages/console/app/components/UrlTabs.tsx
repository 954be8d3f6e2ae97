// Tabs whose choice is in the address (`?tab=`), so each tab can be linked; only the open tab
// is rendered, so only its data is fetched.
import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useUrlParams } from './useUrlParams.ts';

export interface UrlTab {
  key: string;
  label: string;
  render: () => ReactNode;
}

export default function UrlTabs({ items, clear = [] }: { items: UrlTab[]; clear?: string[] }) {
  const [params, update] = useUrlParams();
  const active = items.some((item) => item.key === params.get('tab')) ? params.get('tab')! : items[0]!.key;
  return (
    <Tabs
      activeKey={active}
      onChange={(key) => update({ tab: key, ...Object.fromEntries(clear.map((name) => [name, undefined])) })}
      items={items.map((item) => ({ key: item.key, label: item.label, children: item.key === active ? item.render() : null }))}
    />
  );
}
