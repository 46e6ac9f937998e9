// Who is signed in and what system this is. Loaded once when the app opens; sign-in and
// sign-out replace it. Pages read it through `useSession`.
import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import {
  api,
  ApiError,
  setCsrfToken,
  setSessionLostHandler,
  type Me,
  type SystemInfo,
} from './api.ts';
import { clearTabStorage } from './tabStorage.ts';

export interface Session {
  /** Undefined while loading; null when nobody is signed in. */
  me: Me | null | undefined;
  system: SystemInfo | null;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  /** Re-reads the signed-in user (after a password change, for instance). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [system, setSystem] = useState<SystemInfo | null>(null);

  const adopt = useCallback((user: Me | null) => {
    setCsrfToken(user?.csrfToken ?? null);
    setMe(user);
  }, []);

  const refresh = useCallback(async () => {
    try {
      adopt(await api.me());
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) adopt(null);
      else throw error;
    }
  }, [adopt]);

  useEffect(() => {
    setSessionLostHandler(() => adopt(null));
    return () => setSessionLostHandler(null);
  }, [adopt]);

  useEffect(() => {
    api.systemInfo().then(setSystem, () => setSystem(null));
    refresh().catch(() => adopt(null));
  }, [refresh, adopt]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const { user } = await api.login(username, password);
      adopt(user);
      return user;
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      clearTabStorage();
      adopt(null);
    }
  }, [adopt]);

  const value = useMemo(
    () => ({ me, system, signIn, signOut, refresh }),
    [me, system, signIn, signOut, refresh],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

/** The signed-in user; only for components rendered behind the sign-in guard. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe must be used behind the sign-in guard');
  return me;
}

/** 'authenticated' is implied by being signed in; the rest come from the server's list. */
export function hasPermission(me: Me, permission: string): boolean {
  return permission === 'authenticated' || me.permissions.includes(permission);
}
