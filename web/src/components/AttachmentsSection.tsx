// The files attached to a record (an incident, an engagement): what each one is (as the server found from its bytes),
// its size and SHA-256, a download link, and for those who may change the record, an upload
// form and a delete button. Uploads are multipart; the server refuses what is not allowed.
import {
  Button,
  FileInput,
  Form,
  FormGroup,
  Label,
  Table,
  type FileInputRef,
} from '@trussworks/react-uswds';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, request, toProblem, type Problem } from '../api.ts';
import { ProblemAlert } from './ProblemAlert.tsx';
import { useMe } from '../session.tsx';

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
  downloadUrl: string;
}

const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'image/tiff': 'TIFF image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (PPTX)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument presentation',
  'text/plain': 'Plain text',
};

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1_048_576) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1_048_576).toFixed(1)} MB`;
}

const OWNER_PATHS = { incident: '/api/incidents', engagement: '/api/engagements' } as const;

export function AttachmentsSection({
  ownerType,
  ownerId,
  canChange,
}: {
  ownerType: keyof typeof OWNER_PATHS;
  ownerId: string;
  canChange: boolean;
}) {
  const collection = `${OWNER_PATHS[ownerType]}/${ownerId}/attachments`;
  const me = useMe();
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const fileInput = useRef<FileInputRef>(null);

  const load = useCallback(async () => {
    try {
      const res = await request<{ items: Attachment[] }>('GET', collection);
      setItems(res.items);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, [collection]);
  useEffect(() => {
    void load();
  }, [load]);

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setStatus('');
    const file = fileInput.current?.files[0] ?? fileInput.current?.input?.files?.[0];
    if (!file) {
      setProblem({
        type: 'about:blank',
        title: 'Invalid input',
        status: 400,
        errors: [{ field: 'file', message: 'choose a file to attach' }],
      });
      return;
    }
    const body = new FormData();
    body.append('file', file, file.name);
    setBusy(true);
    try {
      const response = await fetch(collection, {
        method: 'POST',
        headers: { Accept: 'application/json', 'X-CSRF-Token': me.csrfToken },
        credentials: 'same-origin',
        body,
      });
      if (!response.ok) {
        const p = (await response.json().catch(() => ({}))) as Partial<Problem>;
        throw new ApiError({
          type: 'about:blank',
          title: p.title ?? response.statusText,
          status: response.status,
          detail: p.detail,
          errors: p.errors,
        });
      }
      const created = (await response.json()) as Attachment;
      setStatus(`Attached ${created.fileName}.`);
      fileInput.current?.clearFiles();
      await load();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  async function remove(a: Attachment) {
    if (!window.confirm(`Delete the attachment ${a.fileName}?`)) return;
    setProblem(null);
    try {
      await request('DELETE', `/api/attachments/${a.id}`);
      setStatus(`Deleted ${a.fileName}.`);
      await load();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <section aria-labelledby="attachments-heading" className="margin-bottom-4">
      <h2 id="attachments-heading">Attachments</h2>
      <ProblemAlert problem={problem} labels={{ file: 'File to attach' }} />
      <p role="status" className="margin-y-1">
        {status}
      </p>
      {items === null ? (
        <p>Loading attachments…</p>
      ) : items.length === 0 ? (
        <p>No files attached.</p>
      ) : (
        <Table fullWidth caption={`Files attached to this ${ownerType}`}>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Type</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256</th>
              {canChange && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={a.downloadUrl} download={a.fileName}>
                    {a.fileName}
                  </a>
                </td>
                <td>{TYPE_LABELS[a.contentType] ?? a.contentType}</td>
                <td>{formatBytes(a.sizeBytes)}</td>
                <td>
                  <code className="font-mono-3xs" style={{ wordBreak: 'break-all' }}>
                    {a.sha256}
                  </code>
                </td>
                {canChange && (
                  <td>
                    <Button
                      type="button"
                      unstyled
                      onClick={() => void remove(a)}
                      aria-label={`Delete ${a.fileName}`}
                    >
                      Delete
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canChange && (
        <Form onSubmit={upload} noValidate className="maxw-tablet">
          <FormGroup>
            <Label htmlFor="file">File to attach</Label>
            <span className="usa-hint" id="file-hint">
              PDF, images, Word, Excel, PowerPoint, OpenDocument or plain text. The type is checked
              from the file&apos;s content.
            </span>
            <FileInput id="file" name="file" aria-describedby="file-hint" ref={fileInput} />
          </FormGroup>
          <Button type="submit" className="margin-top-2" disabled={busy}>
            {busy ? 'Uploading…' : 'Upload'}
          </Button>
        </Form>
      )}
    </section>
  );
}
