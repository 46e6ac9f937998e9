// Footer: version, and a plain warning when the embedded database is in use.
import type { SystemInfo } from '../api.ts';

export function SiteFooter({ system }: { system: SystemInfo | null }) {
  return (
    <footer className="usa-footer usa-footer--slim">
      <div className="usa-footer__secondary-section">
        <div className="grid-container">
          <p className="margin-y-1">
            Rapporteur{system ? ` ${system.version}` : ''}
            {system?.backend === 'pglite' && (
              <>
                {' · '}
                <span data-testid="embedded-db-notice">
                  Embedded database: for evaluation and single-user use
                </span>
              </>
            )}
          </p>
        </div>
      </div>
    </footer>
  );
}
