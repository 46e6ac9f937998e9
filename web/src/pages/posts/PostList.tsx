// All posts, filterable by name, country or city, a page at a time (there is one embassy per
// country, so the list is long).
import { Label, Pagination, Table, TextInput } from '@trussworks/react-uswds';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.ts';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { POST_KIND_LABELS } from './postKinds.ts';

const PAGE_SIZE = 25;

export function PostList() {
  usePageTitle('Posts');
  const load = useCallback(async () => (await api.posts()).items, []);
  const { data, problem } = useLoad(load);
  const [filter, setFilter] = useState('');
  const [pageNumber, setPageNumber] = useState(1);
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const all = [...(data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    if (!needle) return all;
    return all.filter((p) =>
      [p.name, p.code, p.countryName, p.city ?? ''].some((s) => s.toLowerCase().includes(needle)),
    );
  }, [data, filter]);
  const totalPages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const currentPage = Math.min(pageNumber, totalPages);
  const pageRows = shown.slice((currentPage - 1) * PAGE_SIZE, currentPage * PAGE_SIZE);

  return (
    <>
      <div className="display-flex flex-justify flex-align-center flex-wrap">
        <h1>Posts</h1>
        <Link to="/admin/posts/new" className="usa-button">
          Add post
        </Link>
      </div>
      <ProblemAlert problem={problem} />
      {!data && !problem && <Loading what="posts" />}
      {data && (
        <>
          <div className="usa-form-group maxw-mobile-lg">
            <Label htmlFor="post-filter">Filter posts</Label>
            <div className="usa-hint" id="post-filter-hint">
              By name, code, country or city
            </div>
            <TextInput
              id="post-filter"
              name="filter"
              type="text"
              aria-describedby="post-filter-hint"
              value={filter}
              onChange={(e) => {
                setFilter(e.target.value);
                setPageNumber(1);
              }}
            />
          </div>
          <p role="status" aria-live="polite">
            {shown.length === 0
              ? 'No posts match.'
              : `Showing ${(currentPage - 1) * PAGE_SIZE + 1}–${(currentPage - 1) * PAGE_SIZE + pageRows.length} of ${shown.length} posts${shown.length < data.length ? ` (${data.length} in all)` : ''}.`}
          </p>
          <Table fullWidth striped caption="Posts">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Code</th>
                <th scope="col">Kind</th>
                <th scope="col">Country</th>
                <th scope="col">City</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="usa-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pageRows.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{p.code}</td>
                  <td>{POST_KIND_LABELS[p.kind]}</td>
                  <td>{p.countryName}</td>
                  <td>{p.city ?? ''}</td>
                  <td>{p.active ? 'Active' : 'Closed'}</td>
                  <td>
                    <Link to={`/admin/posts/${p.id}`}>
                      Edit<span className="usa-sr-only"> {p.name}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {totalPages > 1 && (
            <Pagination
              pathname="/admin/posts"
              totalPages={totalPages}
              currentPage={currentPage}
              onClickNext={() => setPageNumber(currentPage + 1)}
              onClickPrevious={() => setPageNumber(currentPage - 1)}
              onClickPageNumber={(_event, n) => setPageNumber(n)}
            />
          )}
        </>
      )}
    </>
  );
}
