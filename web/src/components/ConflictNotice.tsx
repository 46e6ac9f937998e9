// Shown with a 409: someone else saved the record first. Nothing was overwritten; reloading
// shows their version so the change can be made again on top of it.
import { Button } from '@trussworks/react-uswds';
import type { Problem } from '../api.ts';

export function isConflict(problem: Problem | null): boolean {
  return problem?.status === 409;
}

export function ConflictNotice({
  problem,
  onReload,
}: {
  problem: Problem | null;
  onReload: () => void;
}) {
  if (!isConflict(problem)) return null;
  return (
    <p className="margin-bottom-0">
      This record was changed by someone else while you were editing it. Nothing of yours was saved.{' '}
      <Button type="button" unstyled onClick={onReload}>
        Reload the current version
      </Button>
    </p>
  );
}
