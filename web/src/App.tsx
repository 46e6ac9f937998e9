// Routes: the sign-in page, and behind the sign-in guard one route per registered capability,
// each behind its own permission guard.
import { Route, Routes } from 'react-router-dom';
import { CAPABILITIES } from './capabilities.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { RequirePermission, RequireSignIn } from './components/guards.tsx';
import { NotFound } from './components/NotFound.tsx';
import { LoginPage } from './pages/auth/LoginPage.tsx';

export function App() {
  return (
    <Routes>
      <Route path="/login/*" element={<LoginPage />} />
      <Route
        element={
          <RequireSignIn>
            <AppLayout />
          </RequireSignIn>
        }
      >
        {CAPABILITIES.map(({ path, permission, page: Page }) => {
          const element = (
            <RequirePermission permission={permission}>
              <Page />
            </RequirePermission>
          );
          return path === '/' ? (
            <Route key={path} index element={element} />
          ) : (
            <Route key={path} path={`${path}/*`} element={element} />
          );
        })}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
