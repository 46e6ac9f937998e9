// Incidents: the list, a new draft, one incident and its edit form.
import { Route, Routes } from 'react-router-dom';
import { RequirePermission } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { EditIncidentPage } from './EditIncidentPage.tsx';
import { ImportIncidentsPage } from './ImportIncidentsPage.tsx';
import { IncidentList } from './IncidentList.tsx';
import { IncidentPage } from './IncidentPage.tsx';
import { NewIncidentPage } from './NewIncidentPage.tsx';

export function IncidentsPage() {
  return (
    <Routes>
      <Route index element={<IncidentList />} />
      <Route
        path="new"
        element={
          <RequirePermission permission="incident.write">
            <NewIncidentPage />
          </RequirePermission>
        }
      />
      <Route
        path="import"
        element={
          <RequirePermission permission="incident.import">
            <ImportIncidentsPage />
          </RequirePermission>
        }
      />
      <Route path=":id" element={<IncidentPage />} />
      <Route
        path=":id/edit"
        element={
          <RequirePermission permission="incident.write">
            <EditIncidentPage />
          </RequirePermission>
        }
      />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
