// Justice outcomes and the sentencing comparison: the list of recorded court decisions, a new
// one, one decision and its edit form, and the comparison of two defendant groups.
import { Route, Routes } from 'react-router-dom';
import { RequirePermission } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { ComparisonPage } from './ComparisonPage.tsx';
import { EditOutcomePage, NewOutcomePage } from './OutcomeFormPages.tsx';
import { OutcomeList } from './OutcomeList.tsx';
import { OutcomePage } from './OutcomePage.tsx';

export function JusticePage() {
  return (
    <Routes>
      <Route index element={<OutcomeList />} />
      <Route path="compare" element={<ComparisonPage />} />
      <Route
        path="new"
        element={
          <RequirePermission permission="justice.write">
            <NewOutcomePage />
          </RequirePermission>
        }
      />
      <Route path=":id" element={<OutcomePage />} />
      <Route
        path=":id/edit"
        element={
          <RequirePermission permission="justice.write">
            <EditOutcomePage />
          </RequirePermission>
        }
      />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
