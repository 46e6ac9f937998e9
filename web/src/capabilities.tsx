// The registry of what the app can do. Each capability names where it lives, its label in
// the side navigation, the permission it needs (the server's permission names, see
// src/domain/policy.ts) and the page that renders it. Pages own the routes below their path.
// To add a capability: write its page under pages/<capability>/ and add one entry here.
import type { ComponentType } from 'react';
import { ChangePasswordPage } from './pages/account/ChangePasswordPage.tsx';
import { SecurityPage } from './pages/account/SecurityPage.tsx';
import { SignInAdminPage } from './pages/sessions/SignInAdminPage.tsx';
import { DirectivesPage } from './pages/directives/DirectivesPage.tsx';
import { HomePage } from './pages/home/HomePage.tsx';
import { EngagementsPage } from './pages/engagements/EngagementsPage.tsx';
import { AssessmentsPage } from './pages/assessments/AssessmentsPage.tsx';
import { PartnersPage } from './pages/partners/PartnersPage.tsx';
import { SharedPage } from './pages/shared/SharedPage.tsx';
import { IncidentsPage } from './pages/incidents/IncidentsPage.tsx';
import { IngestPage } from './pages/ingest/IngestPage.tsx';
import { NotificationsPage } from './pages/notifications/NotificationsPage.tsx';
import { PostsPage } from './pages/posts/PostsPage.tsx';
import { ProtectedGrantsPage } from './pages/protectedGrants/ProtectedGrantsPage.tsx';
import { ReportsPage } from './pages/reports/ReportsPage.tsx';
import { StatisticsPage } from './pages/statistics/StatisticsPage.tsx';
import { AnalyticsPage } from './pages/analytics/AnalyticsPage.tsx';
import { JusticePage } from './pages/justice/JusticePage.tsx';
import { ReviewQueuePage } from './pages/review/ReviewQueuePage.tsx';
import { TaskingsPage } from './pages/taskings/TaskingsPage.tsx';
import { UsersPage } from './pages/users/UsersPage.tsx';

export interface Capability {
  /** Where the side navigation links to; sub-pages live under it. */
  path: string;
  label: string;
  permission: string;
  page: ComponentType;
}

export const CAPABILITIES: readonly Capability[] = [
  { path: '/', label: 'Home', permission: 'authenticated', page: HomePage },
  { path: '/incidents', label: 'Incidents', permission: 'incident.read', page: IncidentsPage },
  // Engagements, assessments, partners and what partners see (helper "engagement").
  {
    path: '/engagements',
    label: 'Engagements',
    permission: 'engagement.read',
    page: EngagementsPage,
  },
  {
    path: '/assessments',
    label: 'Policy assessments',
    permission: 'assessment.read',
    page: AssessmentsPage,
  },
  { path: '/partners', label: 'Partners', permission: 'partner.manage', page: PartnersPage },
  { path: '/shared', label: 'Shared with us', permission: 'shared.read', page: SharedPage },
  // end engagements
  { path: '/ingest', label: 'Read texts in', permission: 'ingest.read', page: IngestPage },
  { path: '/review', label: 'Review queue', permission: 'incident.review', page: ReviewQueuePage },
  { path: '/directives', label: 'Directives', permission: 'directive.read', page: DirectivesPage },
  { path: '/taskings', label: 'Taskings', permission: 'tasking.read', page: TaskingsPage },
  {
    path: '/notifications',
    label: 'Notifications',
    permission: 'authenticated',
    page: NotificationsPage,
  },
  { path: '/reports', label: 'Country reports', permission: 'report.read', page: ReportsPage },
  { path: '/analytics', label: 'Analytics', permission: 'analytics.read', page: AnalyticsPage },
  {
    path: '/statistics',
    label: 'Official statistics',
    permission: 'stats.read',
    page: StatisticsPage,
  },
  {
    path: '/justice',
    label: 'Sentencing comparison',
    permission: 'justice.read',
    page: JusticePage,
  },
  {
    path: '/account/password',
    label: 'Change password',
    permission: 'self.manage',
    page: ChangePasswordPage,
  },
  {
    path: '/account/security',
    label: 'Sign-in and security',
    permission: 'authenticated',
    page: SecurityPage,
  },
  { path: '/admin/users', label: 'Users', permission: 'users.manage', page: UsersPage },
  {
    path: '/admin/sign-in',
    label: 'Sign-in and sessions',
    permission: 'users.read',
    page: SignInAdminPage,
  },
  { path: '/admin/posts', label: 'Posts', permission: 'posts.manage', page: PostsPage },
  {
    path: '/admin/protected-grants',
    label: 'Protected details grants',
    permission: 'users.manage',
    page: ProtectedGrantsPage,
  },
];
