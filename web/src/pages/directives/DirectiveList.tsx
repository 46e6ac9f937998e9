// The directives headquarters has drafted and issued, newest first.
import { Table, Tag } from '@trussworks/react-uswds';
import { Link } from 'react-router-dom';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { directivesApi, kindLabel } from '../../directivesApi.ts';
import { useMe } from '../../session.tsx';

const load = () => directivesApi.list();

export function DirectiveList() {
  usePageTitle('Directives');
  const me = useMe();
  const { data, problem } = useLoad(load);
  return (
    <>
      <h1>Directives</h1>
      {me?.permissions.includes('directive.write') && (
        <p>
          <Link className="usa-button" to="/directives/new">
            New directive
          </Link>
        </p>
      )}
      <ProblemAlert problem={problem} />
      {!data ? (
        !problem && <Loading what="directives" />
      ) : data.items.length === 0 ? (
        <p>No directives yet.</p>
      ) : (
        <Table fullWidth striped>
          <caption className="usa-sr-only">Directives</caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Title</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((d) => (
              <tr key={d.id}>
                <td>{d.reference}</td>
                <td>
                  <Link to={`/directives/${d.id}`}>{d.title}</Link>
                </td>
                <td>{kindLabel(d.kind)}</td>
                <td>
                  <Tag className={d.status === 'issued' ? 'bg-primary' : 'bg-base-dark'}>
                    {d.status}
                  </Tag>
                </td>
                <td>{d.dueOn}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
