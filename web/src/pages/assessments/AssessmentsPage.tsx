// Policy assessments: frameworks and their editor, a post's assessments and their form, and
// the comparison views.
import { Route, Routes } from 'react-router-dom';
import { RequirePermission } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { AssessmentForm } from './AssessmentForm.tsx';
import { AssessmentHome } from './AssessmentHome.tsx';
import { ComparisonPage } from './ComparisonPage.tsx';
import { FrameworkEditor } from './FrameworkEditor.tsx';
import { NewAssessmentPage } from './NewAssessmentPage.tsx';

export function AssessmentsPage() {
  return (
    <Routes>
      <Route index element={<AssessmentHome />} />
      <Route
        path="frameworks/:id"
        element={
          <RequirePermission permission="framework.manage">
            <FrameworkEditor />
          </RequirePermission>
        }
      />
      <Route
        path="new"
        element={
          <RequirePermission permission="assessment.write">
            <NewAssessmentPage />
          </RequirePermission>
        }
      />
      <Route path="compare" element={<ComparisonPage />} />
      <Route path=":id" element={<AssessmentForm />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
