// Who is signed in: asked of /auth/me once, set by the login page, cleared on logout or on any 401.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setUnauthorizedHandler } from './api/client.ts';
import type { SessionUser } from './api/types.ts';

interface SessionState {
  /** `undefined` while asking the server, `null` when nobody is signed in. */
  user: SessionUser | null | undefined;
  signedIn: (user: SessionUser) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  useEffect(() => {
    setUnauthorizedHandler(() => setUser(null));
    api('GET /auth/me').then(
      (answer) => setUser(answer.user),
      () => setUser(null),
    );
  }, []);
  const signOut = useCallback(async () => {
    await api('POST /auth/logout').catch(() => undefined);
    setUser(null);
  }, []);
  return <SessionContext.Provider value={{ user, signedIn: setUser, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
