// What someone sees when they open a page their roles do not allow.
import { Link } from 'react-router-dom';
import { usePageTitle } from './usePageTitle.ts';

export function NotAuthorised() {
  usePageTitle('Not authorised');
  return (
    <>
      <h1>Not authorised</h1>
      <p className="usa-intro">Your roles do not give you access to this page.</p>
      <p>
        If you need it, ask a system administrator. <Link to="/">Return to the home page</Link>.
      </p>
    </>
  );
}
