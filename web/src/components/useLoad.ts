// Loads data for a page and lets it reload after a change or a version conflict.
import { useCallback, useEffect, useState } from 'react';
import { toProblem, type Problem } from '../api.ts';

export interface Loaded<T> {
  data: T | undefined;
  problem: Problem | null;
  reload: () => Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await load());
      setProblem(null);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, problem, reload };
}
