// The frame every page sits in: skip link, synthetic-data banner, header, main content and
// footer. Signed-in pages add the side navigation.
import type { ReactNode } from 'react';
import { useSession } from '../session.tsx';
import { SiteFooter } from './SiteFooter.tsx';
import { SiteHeader } from './SiteHeader.tsx';
import { SyntheticDataBanner } from './SyntheticDataBanner.tsx';

interface PageFrameProps {
  children: ReactNode;
  sideNav?: ReactNode;
  onSignOut?: () => void;
}

export function PageFrame({ children, sideNav, onSignOut }: PageFrameProps) {
  const { me, system } = useSession();
  return (
    <div className="display-flex flex-column minh-viewport">
      <a className="usa-skipnav" href="#main-content">
        Skip to main content
      </a>
      {system?.syntheticData && <SyntheticDataBanner />}
      <SiteHeader me={me} onSignOut={onSignOut} />
      <div className="grid-container flex-fill width-full padding-y-4">
        <div className="grid-row grid-gap">
          {sideNav && <div className="tablet:grid-col-3 margin-bottom-4">{sideNav}</div>}
          <main
            id="main-content"
            tabIndex={-1}
            className={sideNav ? 'tablet:grid-col-9' : 'grid-col-12'}
          >
            {children}
          </main>
        </div>
      </div>
      <SiteFooter system={system} />
    </div>
  );
}
