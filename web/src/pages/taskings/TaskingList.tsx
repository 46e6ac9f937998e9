// The taskings the user's posts have received (all of them for headquarters), by due date.
import { Table } from '@trussworks/react-uswds';
import { Link } from 'react-router-dom';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { directivesApi } from '../../directivesApi.ts';
import { StatusTag } from '../directives/CompliancePage.tsx';

const load = () => directivesApi.taskings();

export function TaskingList() {
  usePageTitle('Taskings');
  const { data, problem } = useLoad(load);
  return (
    <>
      <h1>Taskings</h1>
      <p>What headquarters has asked your post, with due dates.</p>
      <ProblemAlert problem={problem} />
      {!data ? (
        !problem && <Loading what="taskings" />
      ) : data.items.length === 0 ? (
        <p>No taskings.</p>
      ) : (
        <Table fullWidth striped>
          <caption className="usa-sr-only">Taskings</caption>
          <thead>
            <tr>
              <th scope="col">Directive</th>
              <th scope="col">Post</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((t) => (
              <tr key={t.id}>
                <td>
                  <Link to={`/taskings/${t.id}`}>
                    {t.directiveReference}: {t.directiveTitle}
                  </Link>
                  {t.unseenAmendments > 0 && <strong> (amended)</strong>}
                </td>
                <td>{t.postName}</td>
                <td>
                  <StatusTag status={t.status} />
                </td>
                <td>{t.dueOn}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
