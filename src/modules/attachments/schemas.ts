// Response shapes for attachments (uploads are multipart, downloads are the file itself).
import { z } from 'zod';

export const OWNER_TYPES = ['incident', 'source', 'engagement'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

export const attachmentView = z.object({
  id: z.uuid(),
  ownerType: z.string(),
  ownerId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  createdAt: z.date(),
  downloadUrl: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentView>;
