// Everyone who can sign in (or could, before being deactivated), with their roles.
import { Alert, Table } from '@trussworks/react-uswds';
import { useCallback } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { api } from '../../api.ts';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { loadDirectory } from '../../directory.ts';
import { describeUserRoles } from './userRoles.ts';

export function UserList() {
  usePageTitle('Users');
  const load = useCallback(async () => {
    const [users, directory] = await Promise.all([api.listUsers(), loadDirectory()]);
    return { users: users.items, directory };
  }, []);
  const { data, problem } = useLoad(load);
  const created = (useLocation().state as { created?: string } | null)?.created;

  return (
    <>
      <div className="display-flex flex-justify flex-align-center flex-wrap">
        <h1>Users</h1>
        <Link to="/admin/users/new" className="usa-button">
          Create user
        </Link>
      </div>
      {created && (
        <div role="status">
          <Alert type="success" slim className="margin-bottom-2">
            User {created} was created.
          </Alert>
        </div>
      )}
      <ProblemAlert problem={problem} />
      {!data && !problem && <Loading what="users" />}
      {data && data.users.length === 0 && (
        <Alert type="info" slim>
          No users yet.
        </Alert>
      )}
      {data && data.users.length > 0 && (
        <Table fullWidth striped caption="All user accounts">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Name</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="usa-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.username}`}>
                <th scope="row">{u.username}</th>
                <td>{u.displayName}</td>
                <td>{describeUserRoles(u, data.directory).join('; ') || 'None'}</td>
                <td>
                  {u.active ? 'Active' : 'Deactivated'}
                  {u.synthetic && ' (synthetic)'}
                </td>
                <td>
                  <Link to={`/admin/users/${encodeURIComponent(u.id)}`}>
                    Edit<span className="usa-sr-only"> {u.username}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
