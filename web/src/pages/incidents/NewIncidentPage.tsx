// Record a new incident as a draft, for one of the user's posts (editors choose any post),
// with the sources chosen here linked at once. Until it is saved, what the user typed is
// kept in this browser tab (per user) and offered back when they return.
import { Alert, Button, ButtonGroup } from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { Loading } from '../../components/guards.tsx';
import { PostField, usePostChoice } from '../../components/PostChoice.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { incidentsApi } from '../../incidentsApi.ts';
import { useMe } from '../../session.tsx';
import { AUTOSAVE_DELAY_MS, keptDraft, SaveStatus, timeOf, type KeptDraft } from './autosave.tsx';
import { FormSources } from './FormSources.tsx';
import { fieldLabel, IncidentForm } from './IncidentForm.tsx';
import {
  emptyState,
  hasContent,
  localProblem,
  toFields,
  type FormState,
} from './incidentFormState.ts';
import { SourcePicker, sourceLabel } from './SourcePicker.tsx';

export function NewIncidentPage() {
  usePageTitle('New incident');
  const me = useMe();
  const navigate = useNavigate();
  const choice = usePostChoice();
  const posts = choice.posts;
  const setPostId = choice.setPostId;
  const [state, setState] = useState<FormState>(emptyState);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [offer, setOffer] = useState<KeptDraft | null>(() => keptDraft.read(me.id));
  const [keptAt, setKeptAt] = useState<Date | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const chosenPost = choice.chosen;

  useEffect(() => () => clearTimeout(timer.current), []);

  function keep(next: FormState, nextPost: string) {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const at = new Date();
      if (!hasContent(next)) keptDraft.clear(me.id);
      else if (keptDraft.write(me.id, { state: next, postId: nextPost, at: at.toISOString() }))
        setKeptAt(at);
    }, AUTOSAVE_DELAY_MS);
  }

  function change(next: FormState) {
    setState(next);
    setKeptAt(null);
    // Typing into a fresh form means the offer to restore the older one is declined.
    setOffer(null);
    keep(next, choice.postId);
  }

  async function save() {
    setProblem(null);
    const { fields, errors } = toFields(state);
    if (errors.length) {
      setProblem(localProblem(errors));
      return;
    }
    setBusy(true);
    try {
      const created = await incidentsApi.create({ ...fields, postId: Number(chosenPost) || 0 });
      clearTimeout(timer.current);
      keptDraft.clear(me.id);
      navigate(`/incidents/${created.id}`);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  const labels = Object.fromEntries(
    (problem?.errors ?? []).map((e) => [e.field, fieldLabel(e.field)]),
  );
  return (
    <>
      <p className="margin-top-0">
        <Link to="/incidents">Back to incidents</Link>
      </p>
      <h1>New incident</h1>
      <p>
        The incident is saved as a draft when you select &ldquo;Save draft&rdquo;; until then what
        you type is kept in this browser tab only, until you close it or sign out. Once saved, the
        draft saves itself as you edit it.
      </p>
      {offer && (
        <Alert type="info" data-testid="restore-offer">
          <h2 className="usa-alert__heading">Unsaved incident found</h2>
          <p className="usa-alert__text">
            You started a new incident on {new Date(offer.at).toLocaleDateString('en-GB')} at{' '}
            {timeOf(new Date(offer.at))}
            {offer.state.title ? ` (“${offer.state.title}”)` : ''} and did not save it.
          </p>
          <ButtonGroup>
            <Button
              type="button"
              onClick={() => {
                setState(offer.state);
                setPostId(offer.postId);
                setKeptAt(new Date(offer.at));
                setOffer(null);
              }}
            >
              Restore it
            </Button>
            <Button
              type="button"
              outline
              onClick={() => {
                keptDraft.clear(me.id);
                setOffer(null);
              }}
            >
              Discard it
            </Button>
          </ButtonGroup>
        </Alert>
      )}
      <ProblemAlert problem={problem ?? posts.problem} labels={labels} />
      {!posts.data && !posts.problem && <Loading what="posts" />}
      {posts.data && (
        <IncidentForm
          state={state}
          onChange={change}
          problem={problem}
          busy={busy}
          submitLabel="Save draft"
          onSubmit={() => void save()}
          citable={state.sources.map((s) => ({ id: s.sourceId, label: s.label }))}
          sources={
            <FormSources
              hint="Find recorded sources and grade what each says. At least one is needed before the incident can be submitted."
              items={state.sources.map((s) => ({
                id: s.sourceId,
                label: s.label,
                credibility: Number(s.credibility),
                excerpt: s.excerpt || null,
              }))}
              onRemove={(id) =>
                change({
                  ...state,
                  sources: state.sources.filter((s) => s.sourceId !== id),
                })
              }
              picker={
                <SourcePicker
                  exclude={state.sources.map((s) => s.sourceId)}
                  onPick={async (source, credibility, excerpt) =>
                    change({
                      ...state,
                      sources: [
                        ...state.sources,
                        {
                          sourceId: source.id,
                          label: sourceLabel(source),
                          credibility: String(credibility),
                          excerpt: excerpt ?? '',
                        },
                      ],
                    })
                  }
                />
              }
            />
          }
          status={
            <SaveStatus
              text={
                keptAt
                  ? `Kept in this tab at ${timeOf(keptAt)}; not yet saved as a draft.`
                  : hasContent(state)
                    ? 'Keeping a copy in this tab…'
                    : 'Not saved yet.'
              }
            />
          }
          cancel={
            <Link to="/incidents" className="usa-button usa-button--unstyled padding-x-2">
              Cancel
            </Link>
          }
        >
          <PostField
            choice={choice}
            problem={problem}
            onChange={(value) => {
              setPostId(value);
              keep(state, value);
            }}
          />
        </IncidentForm>
      )}
    </>
  );
}
