// One incident with its comments, history and the region of its post, loaded together.
import { useCallback } from 'react';
import { api } from '../../api.ts';
import { useLoad } from '../../components/useLoad.ts';
import { incidentsApi } from '../../incidentsApi.ts';

export function useIncident(id: string) {
  const load = useCallback(async () => {
    const [incident, comments, history, posts] = await Promise.all([
      incidentsApi.get(id),
      incidentsApi.comments(id),
      incidentsApi.history(id),
      api.posts(),
    ]);
    const post = posts.items.find((p) => p.id === incident.postId) ?? null;
    return { incident, comments: comments.items, history: history.items, post };
  }, [id]);
  return useLoad(load);
}
