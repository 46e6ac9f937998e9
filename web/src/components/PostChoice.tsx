// Choosing the post a new record belongs to: editors choose any active post, reporters and
// approvers one of their own; with a single choice it is chosen already.
import { useCallback, useState } from 'react';
import { api, type Problem } from '../api.ts';
import { useMe } from '../session.tsx';
import { SelectField } from './fields.tsx';
import { useLoad } from './useLoad.ts';

export function usePostChoices() {
  const me = useMe();
  const isEditor = me.roles.some((r) => r.role === 'editor');
  const load = useCallback(async () => {
    if (isEditor) {
      const posts = (await api.posts()).items.filter((p) => p.active);
      return posts
        .map((p) => ({ id: p.id, name: `${p.name} (${p.countryName})` }))
        .sort((a, b) => a.name.localeCompare(b.name));
    }
    const own = new Map<number, string>();
    for (const r of me.roles)
      if ((r.role === 'reporter' || r.role === 'approver') && r.postId !== null)
        own.set(r.postId, r.postName ?? `Post ${r.postId}`);
    return [...own].map(([id, name]) => ({ id, name }));
  }, [isEditor, me.roles]);
  return useLoad(load);
}

/** The choices, the post picked (''), the post chosen (the only one when there is one) and how to pick. */
export function usePostChoice() {
  const posts = usePostChoices();
  const [postId, setPostId] = useState('');
  const chosen = postId || (posts.data?.length === 1 ? String(posts.data[0]!.id) : '');
  return { posts, postId, chosen, setPostId };
}

export function PostField({
  choice,
  problem,
  onChange = choice.setPostId,
}: {
  choice: ReturnType<typeof usePostChoice>;
  problem: Problem | null;
  onChange?: (postId: string) => void;
}) {
  const posts = choice.posts.data ?? [];
  return (
    <SelectField
      name="postId"
      label="Post"
      problem={problem}
      value={choice.chosen}
      onChange={onChange}
      required
    >
      {posts.length !== 1 && <option value="">- Select a post -</option>}
      {posts.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </SelectField>
  );
}
