// Country reports: the list by year and region, and one report's editor and clearance view.
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound.tsx';
import { ReportList } from './ReportList.tsx';
import { ReportPage } from './ReportPage.tsx';
import { StructurePage } from './StructurePage.tsx';

export function ReportsPage() {
  return (
    <Routes>
      <Route index element={<ReportList />} />
      <Route path="structure/:year" element={<StructurePage />} />
      <Route path=":id" element={<ReportPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
