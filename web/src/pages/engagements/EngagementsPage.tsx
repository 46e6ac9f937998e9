// Engagements with host governments: the log, a new engagement, one engagement and its edit
// form, and a country's timeline.
import { Route, Routes } from 'react-router-dom';
import { RequirePermission } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { EditEngagementPage, NewEngagementPage } from './EngagementFormPages.tsx';
import { EngagementLog } from './EngagementLog.tsx';
import { EngagementPage } from './EngagementPage.tsx';
import { CountryTimeline } from './CountryTimeline.tsx';

export function EngagementsPage() {
  return (
    <Routes>
      <Route index element={<EngagementLog />} />
      <Route
        path="new"
        element={
          <RequirePermission permission="engagement.write">
            <NewEngagementPage />
          </RequirePermission>
        }
      />
      <Route path="timeline/:country" element={<CountryTimeline />} />
      <Route path=":id" element={<EngagementPage />} />
      <Route
        path=":id/edit"
        element={
          <RequirePermission permission="engagement.write">
            <EditEngagementPage />
          </RequirePermission>
        }
      />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
