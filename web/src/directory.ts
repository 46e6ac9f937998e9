// The organisation as pages need it: regions and posts, loaded together, with lookups by id.
import { useCallback } from 'react';
import { api, type Post, type Region } from './api.ts';
import { useLoad } from './components/useLoad.ts';

export interface Directory {
  regions: Region[];
  posts: Post[];
  regionName(id: number | null): string | null;
  postName(id: number | null): string | null;
}

export async function loadDirectory(): Promise<Directory> {
  const [regions, posts] = await Promise.all([api.regions(), api.posts()]);
  const regionById = new Map(regions.items.map((r) => [r.id, r]));
  const postById = new Map(posts.items.map((p) => [p.id, p]));
  return {
    regions: [...regions.items].sort((a, b) => a.name.localeCompare(b.name)),
    posts: [...posts.items].sort((a, b) => a.name.localeCompare(b.name)),
    regionName: (id) => (id == null ? null : (regionById.get(id)?.name ?? `Region ${id}`)),
    postName: (id) => (id == null ? null : (postById.get(id)?.name ?? `Post ${id}`)),
  };
}

export function useDirectory() {
  const load = useCallback(() => loadDirectory(), []);
  return useLoad(load);
}
