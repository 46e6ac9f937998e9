// The frame for signed-in pages: the shared page frame plus side navigation.
import { Outlet, useNavigate } from 'react-router-dom';
import { useSession } from '../session.tsx';
import { PageFrame } from './PageFrame.tsx';
import { SideNavigation } from './SideNavigation.tsx';

export function AppLayout() {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const onSignOut = () => {
    void signOut().finally(() => navigate('/login', { replace: true }));
  };
  return (
    <PageFrame sideNav={<SideNavigation />} onSignOut={onSignOut}>
      <Outlet />
    </PageFrame>
  );
}
