/** Turn a FIM observation into a `file.change` VigilEvent. */
import { randomUUID } from 'node:crypto';
import type { VigilEvent } from '@vigil/schema';
import { octalMode, type FileState } from './file-state.ts';

export type FileAction = 'create' | 'modify' | 'delete' | 'chmod' | 'chown' | 'rename';

export interface HostRef {
  id: string;
  name?: string;
}

/** `inotify` for real-time events, `fim-scan` for differences found by a verification pass. */
export type FimSensor = 'inotify' | 'fim-scan';

export interface FileChange {
  action: FileAction;
  sensor: FimSensor;
  /** The path as it is now; for deletes, as it was. */
  current?: FileState;
  /** The baseline entry before the change (absent for creates). */
  previous?: FileState;
}

/** Content changed? Partial hashes cannot see past the cap, so size and mtime speak for them. */
export function contentChanged(a: FileState, b: FileState): boolean {
  if (a.type !== b.type || a.target !== b.target || a.size !== b.size || a.sha256 !== b.sha256) return true;
  return (a.partial || b.partial) && a.mtimeNs !== b.mtimeNs;
}

/** What changed between two states of the same path, in the order events are emitted. */
export function attributeChanges(prev: FileState, cur: FileState): FileAction[] {
  const actions: FileAction[] = [];
  if (contentChanged(prev, cur)) actions.push('modify');
  if (prev.mode !== cur.mode) actions.push('chmod');
  if (prev.uid !== cur.uid || prev.gid !== cur.gid) actions.push('chown');
  return actions;
}

export function fileEvent(change: FileChange, host: HostRef): VigilEvent {
  const { action, current, previous, sensor } = change;
  const s = current ?? previous;
  if (!s) throw new Error('file change without a state');
  const labels: Record<string, string> = { 'file.type': s.type };
  if (s.partial) labels['file.hash_partial'] = 'true';
  if (s.target !== undefined) labels['file.target'] = s.target;
  if (previous && current) {
    if (action === 'chmod') labels['file.old_mode'] = octalMode(previous.mode);
    if (action === 'chown') {
      labels['file.old_uid'] = String(previous.uid);
      labels['file.old_gid'] = String(previous.gid);
    }
  }
  const file: NonNullable<VigilEvent['file']> = {
    path: s.path,
    mode: octalMode(s.mode),
    uid: String(s.uid),
    gid: String(s.gid),
    size: s.size,
  };
  if (action === 'rename' && previous) file.old_path = previous.path;
  if (current?.sha256) file.hash = { sha256: current.sha256 };
  if (previous?.sha256) file.old_hash = { sha256: previous.sha256 };
  return {
    time: new Date().toISOString(),
    event: { kind: 'file.change', id: randomUUID(), action, sensor },
    host,
    file,
    labels,
  };
}
