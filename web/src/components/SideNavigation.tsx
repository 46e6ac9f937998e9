// The side navigation, built from the capability registry and filtered by what the signed-in
// user may do. The server refuses the rest anyway; hiding them keeps the menu honest.
import { SideNav } from '@trussworks/react-uswds';
import { NavLink } from 'react-router-dom';
import { CAPABILITIES } from '../capabilities.tsx';
import { hasPermission, useMe } from '../session.tsx';

export function SideNavigation() {
  const me = useMe();
  const items = CAPABILITIES.filter((c) => hasPermission(me, c.permission)).map((c) => (
    <NavLink
      key={c.path}
      to={c.path}
      end={c.path === '/'}
      className={({ isActive }) => (isActive ? 'usa-current' : '')}
    >
      {c.label}
    </NavLink>
  ));
  return (
    <nav aria-label="Main navigation">
      <SideNav items={items} />
    </nav>
  );
}
