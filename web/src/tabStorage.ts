// What a page keeps in this browser tab (sessionStorage) lives under one prefix, so signing out
// can remove all of it without the session knowing which pages keep what.

export const TAB_STORAGE_PREFIX = 'rapporteur.';

/** Removes everything the app kept in this tab (at sign-out). */
export function clearTabStorage(): void {
  try {
    for (const key of Object.keys(sessionStorage))
      if (key.startsWith(TAB_STORAGE_PREFIX)) sessionStorage.removeItem(key);
  } catch {
    // storage disabled: nothing was kept
  }
}
