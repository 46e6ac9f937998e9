// Country names by ISO code, for showing and choosing countries.
import { useCallback } from 'react';
import { api, type Country } from '../../api.ts';
import { useLoad } from '../../components/useLoad.ts';

export function useCountries() {
  const load = useCallback(async () => {
    const items = [...(await api.countries()).items].sort((a, b) => a.name.localeCompare(b.name));
    const byCode = new Map(items.map((c) => [c.code, c.name]));
    return { items, name: (code: string) => byCode.get(code) ?? code };
  }, []);
  return useLoad<{ items: Country[]; name: (code: string) => string }>(load);
}
