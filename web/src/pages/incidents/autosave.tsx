// Autosave helpers for the incident form: the polite status line, and the copy of an unsaved
// new incident kept in this browser tab (per user) until it is saved as a draft. The copy lives
// in sessionStorage, not localStorage: it survives a reload or a crash of the page, but not the
// tab, and signing out removes it, so a narrative never stays behind on a shared workstation
// (ASVS 14.3.3).
import { TAB_STORAGE_PREFIX } from '../../tabStorage.ts';
import type { FormState } from './incidentFormState.ts';

/** Wait after the last keystroke before saving. */
export const AUTOSAVE_DELAY_MS = 1500;

export const timeOf = (at: Date) =>
  at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** The status line, announced politely by screen readers whenever it changes. */
export function SaveStatus({ text }: { text: string }) {
  return (
    <p
      role="status"
      aria-live="polite"
      className="text-base-dark margin-y-2"
      data-testid="save-status"
    >
      {text}
    </p>
  );
}

export interface KeptDraft {
  state: FormState;
  postId: string;
  at: string;
}

const PREFIX = `${TAB_STORAGE_PREFIX}new-incident.`;
const keyFor = (userId: string) => `${PREFIX}${userId}`;

export const keptDraft = {
  read(userId: string): KeptDraft | null {
    try {
      const raw = sessionStorage.getItem(keyFor(userId));
      if (!raw) return null;
      const parsed = JSON.parse(raw) as KeptDraft;
      return parsed && typeof parsed === 'object' && parsed.state ? parsed : null;
    } catch {
      return null;
    }
  },
  write(userId: string, draft: KeptDraft): boolean {
    try {
      sessionStorage.setItem(keyFor(userId), JSON.stringify(draft));
      return true;
    } catch {
      return false; // storage full or disabled: the form still works, it just is not kept
    }
  },
  clear(userId: string) {
    try {
      sessionStorage.removeItem(keyFor(userId));
    } catch {
      // nothing to clear
    }
  },
};
