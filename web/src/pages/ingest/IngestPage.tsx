// Text ingestion: read a text in (paste or upload) and the review queue, and below it the
// review page of one document.
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound.tsx';
import { IngestHome } from './IngestHome.tsx';
import { ReviewDocumentPage } from './ReviewDocumentPage.tsx';

export function IngestPage() {
  return (
    <Routes>
      <Route index element={<IngestHome />} />
      <Route path=":id" element={<ReviewDocumentPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
