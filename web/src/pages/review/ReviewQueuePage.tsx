// Submitted incidents the user may review: the server lists only what the caller may see
// (reviewers their regions, editors everything submitted). Records the user wrote or edited
// still appear; their page explains that someone else must review them.
import { Button } from '@trussworks/react-uswds';
import { useCallback, useEffect, useState } from 'react';
import { toProblem, type Problem } from '../../api.ts';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { incidentsApi, type IncidentSummary } from '../../incidentsApi.ts';
import { IncidentTable } from '../incidents/IncidentTable.tsx';
import { useCountries } from '../incidents/useCountries.ts';

export function ReviewQueuePage() {
  usePageTitle('Review queue');
  const countries = useCountries();
  const [items, setItems] = useState<IncidentSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const fetchPage = useCallback(async (after: string | null) => {
    try {
      const page = await incidentsApi.list({
        status: 'submitted',
        limit: 50,
        ...(after ? { cursor: after } : {}),
      });
      setItems((previous) => (after && previous ? [...previous, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, []);

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  return (
    <>
      <h1>Review queue</h1>
      <ProblemAlert problem={problem} />
      {!items && !problem && <Loading what="review queue" />}
      {items && (
        <>
          <p role="status" aria-live="polite">
            {items.length === 0
              ? 'Nothing is waiting for review.'
              : `${items.length} submitted incident${items.length === 1 ? '' : 's'} waiting for review.`}
          </p>
          {items.length > 0 && (
            <IncidentTable
              caption="Submitted incidents awaiting review"
              items={items}
              countryName={countries.data?.name ?? ((c) => c)}
            />
          )}
          {cursor && (
            <Button type="button" outline onClick={() => void fetchPage(cursor)}>
              Load more
            </Button>
          )}
        </>
      )}
    </>
  );
}
