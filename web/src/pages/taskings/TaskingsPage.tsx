// Taskings: a post's taskings across directives, and one tasking.
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound.tsx';
import { TaskingList } from './TaskingList.tsx';
import { TaskingPage } from './TaskingPage.tsx';

export function TaskingsPage() {
  return (
    <Routes>
      <Route index element={<TaskingList />} />
      <Route path=":id" element={<TaskingPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
