// One user: details and status, roles, and a password reset, each saved on its own.
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, type Problem } from '../../api.ts';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { loadDirectory } from '../../directory.ts';
import { ResetPasswordForm } from './ResetPasswordForm.tsx';
import { UserDetailsForm } from './UserDetailsForm.tsx';
import { UserRolesForm } from './UserRolesForm.tsx';

const NOT_FOUND: Problem = {
  type: 'about:blank',
  title: 'User not found',
  status: 404,
  detail: 'There is no user with this id.',
};

export function EditUserPage() {
  const { id } = useParams();
  // There is no single-user endpoint yet; the list is small enough to pick from.
  const load = useCallback(async () => {
    const [users, directory] = await Promise.all([api.listUsers(), loadDirectory()]);
    return { user: users.items.find((u) => u.id === id) ?? null, directory };
  }, [id]);
  const { data, problem, reload } = useLoad(load);
  // After a conflict, "reload" starts the forms afresh from the server's current version;
  // after our own save the forms keep what was typed (it is what the server now holds).
  const [generation, setGeneration] = useState(0);
  const startAfresh = async () => {
    await reload();
    setGeneration((g) => g + 1);
  };
  usePageTitle(data?.user ? `User ${data.user.username}` : 'User');

  return (
    <>
      <p className="margin-top-0">
        <Link to="/admin/users">Back to users</Link>
      </p>
      <h1>{data?.user ? `User ${data.user.username}` : 'User'}</h1>
      <ProblemAlert problem={problem ?? (data && !data.user ? NOT_FOUND : null)} />
      {!data && !problem && <Loading what="user" />}
      {data?.user && (
        <div key={generation}>
          <UserDetailsForm user={data.user} onSaved={reload} onReload={startAfresh} />
          <UserRolesForm
            user={data.user}
            directory={data.directory}
            onSaved={reload}
            onReload={startAfresh}
          />
          <ResetPasswordForm user={data.user} />
        </div>
      )}
    </>
  );
}
