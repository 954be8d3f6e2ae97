// A link to an alert's or incident's host, named by the host's name (its id once the host is gone).
import { Link } from 'react-router';

export default function HostLink({ item }: { item: { host_id: string; host_name: string | null } }) {
  return <Link to={`/hosts/${encodeURIComponent(item.host_id)}`}>{item.host_name ?? item.host_id}</Link>;
}
