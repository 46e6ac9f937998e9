// Post administration: the list of embassies, consulates and missions, adding and editing one.
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound.tsx';
import { CreatePostPage } from './CreatePostPage.tsx';
import { EditPostPage } from './EditPostPage.tsx';
import { PostList } from './PostList.tsx';

export function PostsPage() {
  return (
    <Routes>
      <Route index element={<PostList />} />
      <Route path="new" element={<CreatePostPage />} />
      <Route path=":id" element={<EditPostPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
