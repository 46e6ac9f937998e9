// User administration: the list, creating a user, and editing one (details, roles, password).
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound.tsx';
import { CreateUserPage } from './CreateUserPage.tsx';
import { EditUserPage } from './EditUserPage.tsx';
import { UserList } from './UserList.tsx';

export function UsersPage() {
  return (
    <Routes>
      <Route index element={<UserList />} />
      <Route path="new" element={<CreateUserPage />} />
      <Route path=":id" element={<EditUserPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
