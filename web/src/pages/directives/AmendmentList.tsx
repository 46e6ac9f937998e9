// What each amendment changed: short fields as "from → to", long text as added and removed
// lines (marked in words, not by colour alone).
import type { Amendment } from '../../directivesApi.ts';

export function AmendmentList({
  amendments,
  headingLevel = 3,
}: {
  amendments: Amendment[];
  headingLevel?: 2 | 3;
}) {
  const H = `h${headingLevel}` as 'h2' | 'h3';
  return (
    <>
      {amendments.map((a) => (
        <article key={a.number} className="margin-bottom-3" data-testid={`amendment-${a.number}`}>
          <H className="margin-bottom-05">
            Amendment {a.number}: {a.summary}
          </H>
          <p className="margin-top-0 font-sans-2xs text-base-dark">
            {new Date(a.amendedAt).toLocaleString()} {a.amendedBy ? `by ${a.amendedBy}` : ''}
          </p>
          <ul className="usa-list">
            {a.changes.map((c) => (
              <li key={c.field}>
                <strong>{c.label}</strong>
                {c.lines ? (
                  <ul className="usa-list--unstyled margin-top-05">
                    {c.lines
                      .filter((l) => l.op !== 'same')
                      .map((l, i) => (
                        <li
                          key={i}
                          className={l.op === 'added' ? 'bg-success-lighter' : 'bg-error-lighter'}
                        >
                          {l.op === 'added' ? 'Added: ' : 'Removed: '}
                          {l.op === 'removed' ? <del>{l.text}</del> : <ins>{l.text}</ins>}
                        </li>
                      ))}
                  </ul>
                ) : (
                  <>
                    : <del>{c.from}</del> → <ins>{c.to}</ins>
                  </>
                )}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </>
  );
}
