import { useCallback, useEffect, useRef, useState } from 'react';
import { type Problem, toProblem } from './api/problem';

export interface Loaded<T> {
  data?: T;
  problem?: Problem;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` when `deps` change and on reload(). A reload keeps showing the old data until the
 * new arrives; new deps (another record) drop it at once. A late answer for old deps is ignored.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({ loading: true });
  const [tick, setTick] = useState(0);
  const lastTick = useRef(tick);
  useEffect(() => {
    let current = true;
    const isReload = lastTick.current !== tick;
    lastTick.current = tick;
    setState(s => (isReload ? { ...s, loading: true } : { loading: true }));
    load().then(
      data => current && setState({ data, loading: false }),
      err => current && setState({ problem: toProblem(err), loading: false }),
    );
    return () => { current = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick(t => t + 1), []);
  return { ...state, reload };
}
