// The user's saved searches: apply one, save the filters now applied under a name, rename or
// delete. Saved searches are the user's own; nobody else sees them.
import { Button, Label, TextInput } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { toProblem, type Problem } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { searchApi, type SavedSearch, type SearchFilters } from '../../searchApi.ts';

export function SavedSearches({
  current,
  onApply,
}: {
  current: SearchFilters;
  onApply: (filters: SearchFilters) => void;
}) {
  const saved = useLoad(useCallback(() => searchApi.savedSearches(), []));
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState('');

  async function act(work: () => Promise<unknown>, done: string) {
    try {
      await work();
      setProblem(null);
      await saved.reload();
      setMessage(done);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    void act(() => searchApi.saveSearch(trimmed, current), `Saved “${trimmed}”.`).then(() =>
      setName(''),
    );
  }

  function rename(event: FormEvent<HTMLFormElement>, s: SavedSearch) {
    event.preventDefault();
    if (!renaming) return;
    const to = renaming.name.trim();
    void act(() => searchApi.renameSearch(s.id, to, s.version), `Renamed to “${to}”.`).then(() =>
      setRenaming(null),
    );
  }

  return (
    <section aria-labelledby="saved-heading" className="margin-bottom-3">
      <h2 id="saved-heading" className="margin-top-0">
        Saved searches
      </h2>
      <ProblemAlert problem={problem ?? saved.problem} />
      <p role="status" aria-live="polite" className="usa-sr-only">
        {message}
      </p>
      {saved.data && saved.data.items.length === 0 && <p>None yet.</p>}
      <ul className="usa-list usa-list--unstyled">
        {saved.data?.items.map((s) => (
          <li key={s.id} className="margin-bottom-1">
            {renaming?.id === s.id ? (
              <form onSubmit={(e) => rename(e, s)} className="usa-form">
                <Label htmlFor={`rename-${s.id}`}>New name for “{s.name}”</Label>
                <TextInput
                  id={`rename-${s.id}`}
                  name="name"
                  type="text"
                  value={renaming.name}
                  onChange={(e) => setRenaming({ id: s.id, name: e.target.value })}
                />
                <Button type="submit">Rename</Button>
                <Button type="button" unstyled onClick={() => setRenaming(null)}>
                  Cancel
                </Button>
              </form>
            ) : (
              <>
                <Button type="button" unstyled onClick={() => onApply(s.filters)}>
                  {s.name}
                </Button>{' '}
                <Button
                  type="button"
                  unstyled
                  className="margin-left-1"
                  onClick={() => setRenaming({ id: s.id, name: s.name })}
                >
                  Rename<span className="usa-sr-only"> {s.name}</span>
                </Button>{' '}
                <Button
                  type="button"
                  unstyled
                  className="margin-left-1"
                  onClick={() =>
                    void act(() => searchApi.deleteSearch(s.id), `Deleted “${s.name}”.`)
                  }
                >
                  Delete<span className="usa-sr-only"> {s.name}</span>
                </Button>
              </>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={save} className="usa-form">
        <Label htmlFor="saved-search-name">Save the filters now applied as</Label>
        <TextInput
          id="saved-search-name"
          name="savedSearchName"
          type="text"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Button type="submit" outline disabled={!name.trim()}>
          Save search
        </Button>
      </form>
    </section>
  );
}
