// Partner administration: organisations, their members, and what is shared with each.
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound.tsx';
import { PartnerList } from './PartnerList.tsx';
import { PartnerPage } from './PartnerPage.tsx';

export function PartnersPage() {
  return (
    <Routes>
      <Route index element={<PartnerList />} />
      <Route path=":id" element={<PartnerPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
