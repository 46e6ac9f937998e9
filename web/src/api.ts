// The browser's only door to the server. Every call goes through `request`, which sends the
// session cookie, adds the CSRF token to anything that changes state, and turns RFC 9457
// problem+json replies into an `ApiError` that forms can show field by field.

export type Role =
  'reporter' | 'approver' | 'reviewer' | 'editor' | 'analyst' | 'partner' | 'admin';

export interface SystemInfo {
  name: string;
  version: string;
  backend: 'pglite' | 'postgres';
  syntheticData: boolean;
}

export interface MyRole {
  role: Role;
  postId: number | null;
  postName: string | null;
  regionId: number | null;
  regionName: string | null;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  mustChangePassword: boolean;
  csrfToken: string;
  /** 'mfa' until the second factor is given, 'enrol' until a required one is set up. */
  stage: 'full' | 'mfa' | 'enrol';
  method: string;
  roles: MyRole[];
  permissions: string[];
}

export interface RoleAssignment {
  role: Role;
  postId?: number | null;
  regionId?: number | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
  mustChangePassword: boolean;
  synthetic: boolean;
  version: number;
  createdAt: string;
  roles: { role: Role; postId: number | null; regionId: number | null }[];
}

export interface NewUser {
  username: string;
  displayName: string;
  email?: string;
  password: string;
  mustChangePassword?: boolean;
  roles: RoleAssignment[];
}

export interface Region {
  id: number;
  code: string;
  name: string;
}

export interface Country {
  code: string;
  name: string;
  regionId: number;
}

export type PostKind = 'embassy' | 'consulate' | 'mission';

export interface Post {
  id: number;
  code: string;
  name: string;
  kind: PostKind;
  countryCode: string;
  countryName: string;
  regionId: number;
  city: string | null;
  active: boolean;
  version: number;
}

export interface NewPost {
  code: string;
  name: string;
  kind: PostKind;
  countryCode: string;
  city?: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  current?: unknown;
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

let csrfToken: string | null = null;
let onSessionLost: (() => void) | null = null;

/** Called when the server says the session is gone (expired, signed out elsewhere). */
export function setSessionLostHandler(handler: (() => void) | null): void {
  onSessionLost = handler;
}

/** Remembers the token the server issued with the session; sent on every non-GET request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
  };
  try {
    const body = (await response.json()) as Partial<Problem>;
    return { ...fallback, ...body, status: body.status ?? response.status };
  } catch {
    return fallback;
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    // A 401 from anything but the sign-in calls means the session ended under us.
    if (problem.status === 401 && !path.startsWith('/api/auth/')) onSessionLost?.();
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  systemInfo: () => request<SystemInfo>('GET', '/api/system/info'),

  me: () => request<Me>('GET', '/api/auth/me'),
  login: (username: string, password: string) =>
    request<{ user: Me }>('POST', '/api/auth/login', { username, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/api/auth/password', { currentPassword, newPassword }),

  listUsers: () => request<{ items: User[] }>('GET', '/api/admin/users'),
  createUser: (user: NewUser) => request<User>('POST', '/api/admin/users', user),
  updateUser: (
    id: string,
    change: { version: number; displayName?: string; email?: string | null; active?: boolean },
  ) => request<User>('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, change),
  setUserRoles: (id: string, version: number, roles: RoleAssignment[]) =>
    request<User>('PUT', `/api/admin/users/${encodeURIComponent(id)}/roles`, { version, roles }),
  resetPassword: (id: string, password: string) =>
    request<void>('POST', `/api/admin/users/${encodeURIComponent(id)}/reset-password`, {
      password,
    }),

  regions: () => request<{ items: Region[] }>('GET', '/api/reference/regions'),
  countries: () => request<{ items: Country[] }>('GET', '/api/reference/countries'),
  posts: () => request<{ items: Post[] }>('GET', '/api/posts'),
  createPost: (post: NewPost) => request<Post>('POST', '/api/admin/posts', post),
  updatePost: (
    id: number,
    change: {
      version: number;
      name?: string;
      kind?: PostKind;
      city?: string | null;
      active?: boolean;
    },
  ) => request<Post>('PATCH', `/api/admin/posts/${id}`, change),
};

/** Turns any thrown value into a problem a page can display. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return {
    type: 'about:blank',
    title: 'Something went wrong',
    status: 0,
    detail: error instanceof Error ? error.message : String(error),
  };
}
