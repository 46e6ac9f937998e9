// The top bar: product name, and for a signed-in user their name, roles with scope, and
// the sign-out button.
import { Button, Header, Title } from '@trussworks/react-uswds';
import { Link } from 'react-router-dom';
import type { Me } from '../api.ts';
import { UnreadCount } from '../pages/notifications/UnreadCount.tsx';
import { describeRole } from '../roles.ts';

interface SiteHeaderProps {
  me?: Me | null;
  onSignOut?: () => void;
}

export function SiteHeader({ me, onSignOut }: SiteHeaderProps) {
  return (
    <Header basic className="border-bottom-1px border-base-lighter">
      {/* Not space-between: USWDS's clearfix ::after would be a third flex item and pull the user
          block off the right edge. */}
      <div className="usa-nav-container display-flex flex-align-center flex-wrap padding-y-1">
        <div className="usa-navbar border-0">
          <Title>
            <Link to="/" title="Rapporteur home">
              Rapporteur
            </Link>
          </Title>
        </div>
        {me && (
          <div
            className="display-flex flex-align-center flex-wrap margin-left-auto"
            data-testid="signed-in-user"
          >
            <UnreadCount />
            <div className="margin-right-2 text-right">
              <div className="text-bold">{me.displayName}</div>
              <div className="font-sans-2xs text-base-dark" data-testid="user-roles">
                {me.roles.length > 0 ? me.roles.map(describeRole).join('; ') : 'No role assigned'}
              </div>
            </div>
            <Button type="button" outline onClick={onSignOut}>
              Sign out
            </Button>
          </div>
        )}
      </div>
    </Header>
  );
}
