// A route nobody registered.
import { Link } from 'react-router-dom';
import { usePageTitle } from './usePageTitle.ts';

export function NotFound() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Return to the home page</Link>.
      </p>
    </>
  );
}
