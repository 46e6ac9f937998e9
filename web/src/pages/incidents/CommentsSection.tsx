// The incident's comment thread (review decisions with a comment appear here too) and a form.
import { Button, Form } from '@trussworks/react-uswds';
import { useState, type FormEvent } from 'react';
import { toProblem, type Problem } from '../../api.ts';
import { TextAreaField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { incidentsApi, type Comment } from '../../incidentsApi.ts';

const when = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

export function CommentsSection({
  incidentId,
  comments,
  canComment,
  onChanged,
}: {
  incidentId: string;
  comments: Comment[];
  canComment: boolean;
  onChanged: () => Promise<void>;
}) {
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      await incidentsApi.addComment(incidentId, body.trim());
      setBody('');
      await onChanged();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <section aria-labelledby="comments-heading" className="margin-bottom-4">
      <h2 id="comments-heading">Comments</h2>
      {comments.length === 0 ? (
        <p>No comments yet.</p>
      ) : (
        <ol className="usa-list usa-list--unstyled" data-testid="comments">
          {comments.map((c) => (
            <li key={c.id} className="margin-bottom-2">
              <p className="margin-y-05 text-bold">
                {c.authorName ?? 'System'}{' '}
                <span className="text-normal text-base-dark">· {when(c.createdAt)}</span>
              </p>
              <p className="margin-y-05">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canComment && (
        <Form onSubmit={submit} noValidate className="maxw-tablet">
          <ProblemAlert problem={problem} labels={{ body: 'Comment' }} />
          <TextAreaField
            name="body"
            label="Add a comment"
            problem={problem}
            value={body}
            onChange={setBody}
            required
          />
          <Button type="submit" className="margin-top-2">
            Post comment
          </Button>
        </Form>
      )}
    </section>
  );
}
