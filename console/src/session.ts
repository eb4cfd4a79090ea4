import { createContext, useContext } from 'react';
import { isAdmin, type Session, type User } from './api/types';

/** The signed-in session; screens render only inside it. */
export const SessionContext = createContext<Session | null>(null);

export function useUser(): User {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useUser outside a session');
  return session.user;
}

export function useIsAdmin(): boolean {
  return isAdmin(useUser());
}
