// The evidence around an incident that lives outside its record: attached files and the
// protected victim and witness details (the latter only for users granted them).
import { AttachmentsSection } from '../../components/AttachmentsSection.tsx';
import { ProtectedDetailsSection } from './ProtectedDetailsSection.tsx';

export function EvidenceSections({
  incidentId,
  canChange,
}: {
  incidentId: string;
  canChange: boolean;
}) {
  return (
    <>
      <AttachmentsSection ownerType="incident" ownerId={incidentId} canChange={canChange} />
      <ProtectedDetailsSection incidentId={incidentId} />
    </>
  );
}
