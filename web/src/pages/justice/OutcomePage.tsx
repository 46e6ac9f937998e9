// One recorded court decision with its source, and the way to edit it.
import { useCallback } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { justiceApi } from '../../justiceApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { labelOf, MARKINGS } from '../../vocabularies.ts';
import { useCountries } from '../incidents/useCountries.ts';
import { sentenceText } from './OutcomeList.tsx';
import { COURT_LEVELS, ICCS_OFFENCE_CLASSES, offenceLabel } from './terms.ts';

export function OutcomePage() {
  const { id = '' } = useParams();
  usePageTitle('Court decision');
  const me = useMe();
  const countries = useCountries();
  const load = useCallback(() => justiceApi.get(id), [id]);
  const current = useLoad(load);
  const o = current.data;

  return (
    <>
      <p className="margin-top-0">
        <Link to="/justice">Back to justice outcomes</Link>
      </p>
      <ProblemAlert problem={current.problem} />
      {!o && !current.problem && <Loading what="decision" />}
      {o && (
        <>
          <h1>
            {labelOf(COURT_LEVELS, o.courtLevel)}, {o.decidedOn}
          </h1>
          {o.synthetic && <p className="usa-tag">synthetic</p>}
          <dl className="justice-facts">
            <dt>Jurisdiction</dt>
            <dd>
              {countries.data?.name(o.countryCode) ?? o.countryCode}
              {o.subnationalJurisdiction ? `, ${o.subnationalJurisdiction}` : ''}
            </dd>
            <dt>Offence class (ICCS)</dt>
            <dd>{offenceLabel(ICCS_OFFENCE_CLASSES, o.offenceClass)}</dd>
            <dt>Defendant group, as the source states it</dt>
            <dd>“{o.defendantGroup}”</dd>
            <dt>Outcome and sentence</dt>
            <dd>{sentenceText(o)}</dd>
            <dt>Aggravating factors stated</dt>
            <dd>{o.aggravatingFactors.length ? o.aggravatingFactors.join('; ') : 'None stated'}</dd>
            <dt>Mitigating factors stated</dt>
            <dd>{o.mitigatingFactors.length ? o.mitigatingFactors.join('; ') : 'None stated'}</dd>
            <dt>Source</dt>
            <dd>
              {o.source.url ? <a href={o.source.url}>{o.source.title}</a> : o.source.title} (
              {o.source.publisher})
            </dd>
            <dt>Marking</dt>
            <dd>{labelOf(MARKINGS, o.marking)}</dd>
          </dl>
          {hasPermission(me, 'justice.write') && (
            <Link to={`/justice/${o.id}/edit`} className="usa-button">
              Edit
            </Link>
          )}
        </>
      )}
    </>
  );
}
