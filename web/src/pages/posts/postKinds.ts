// The kinds of post and how they read.
import type { PostKind } from '../../api.ts';

export const POST_KINDS: readonly PostKind[] = ['embassy', 'consulate', 'mission'];

export const POST_KIND_LABELS: Record<PostKind, string> = {
  embassy: 'Embassy',
  consulate: 'Consulate',
  mission: 'Mission',
};
