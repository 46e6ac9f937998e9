// The partner's own view: only what was shared with their organisation, read-only, each look
// recorded. A revoked or expired item disappears on the next request.
import { useCallback } from 'react';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { Loading } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { partnerApi } from '../../engagementApi.ts';
import { AggregateTable } from './AggregateTable.tsx';

export function SharedPage() {
  return (
    <Routes>
      <Route index element={<SharedList />} />
      <Route path=":id" element={<SharedItemPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

function SharedList() {
  usePageTitle('Shared with your organisation');
  const load = useCallback(() => partnerApi.shared(), []);
  const list = useLoad(load);
  return (
    <>
      <h1>Shared with your organisation</h1>
      <p>
        What the ministry has shared with your organisation, until each item&rsquo;s expiry date.
        Every view and download is recorded.
      </p>
      <ProblemAlert problem={list.problem} />
      {!list.data && !list.problem && <Loading what="shared items" />}
      {list.data && list.data.items.length === 0 && (
        <p>Nothing is shared with your organisation at present.</p>
      )}
      {list.data && list.data.items.length > 0 && (
        <ul className="usa-list" data-testid="shared-items">
          {list.data.items.map((s) => (
            <li key={s.id}>
              <Link to={`/shared/${s.id}`}>{s.title}</Link> — until {s.expiresOn}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function SharedItemPage() {
  const { id = '' } = useParams();
  const load = useCallback(() => partnerApi.sharedItem(id), [id]);
  const item = useLoad(load);
  const s = item.data;
  usePageTitle(s ? s.title : 'Shared item');
  return (
    <>
      <p className="margin-top-0">
        <Link to="/shared">Back to shared items</Link>
      </p>
      <ProblemAlert problem={item.problem} />
      {!s && !item.problem && <Loading what="shared item" />}
      {s && (
        <>
          <h1>{s.title}</h1>
          <p>
            Shared with {s.organisationName} until {s.expiresOn}.
          </p>
          {s.note && <p>{s.note}</p>}
          {s.aggregate && <AggregateTable aggregate={s.aggregate} caption="Shared aggregate" />}
          {s.record && (
            <dl data-testid="shared-record">
              {Object.entries(s.record).map(([k, v]) => (
                <div key={k}>
                  <dt className="text-bold">{k}</dt>
                  <dd className="margin-left-0 margin-bottom-1">
                    {Array.isArray(v) ? v.join(', ') : String(v ?? '')}
                  </dd>
                </div>
              ))}
            </dl>
          )}
          <a
            className="usa-button usa-button--outline"
            href={`/api/shared/${encodeURIComponent(s.id)}/download`}
          >
            Download
          </a>
        </>
      )}
    </>
  );
}
