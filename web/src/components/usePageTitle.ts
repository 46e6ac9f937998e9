// Gives each page its own document title (WCAG 2.4.2), so screen-reader users and browser
// history can tell pages apart.
import { useEffect } from 'react';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — Rapporteur`;
  }, [title]);
}
