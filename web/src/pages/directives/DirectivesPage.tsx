// Directives: the list, a new draft, one directive, its editor and its compliance matrix.
import { Route, Routes } from 'react-router-dom';
import { RequirePermission } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { CompliancePage } from './CompliancePage.tsx';
import { DirectiveEditor } from './DirectiveEditor.tsx';
import { DirectiveList } from './DirectiveList.tsx';
import { DirectivePage } from './DirectivePage.tsx';

export function DirectivesPage() {
  const write = (page: React.ReactNode) => (
    <RequirePermission permission="directive.write">{page}</RequirePermission>
  );
  return (
    <Routes>
      <Route index element={<DirectiveList />} />
      <Route path="new" element={write(<DirectiveEditor />)} />
      <Route path=":id" element={<DirectivePage />} />
      <Route path=":id/edit" element={write(<DirectiveEditor />)} />
      <Route path=":id/compliance" element={<CompliancePage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
