import { errorResponses, idParams, noContent } from '../../../shared/api/common.js';
import {
  loginIn,
  loginOut,
  meOut,
  teamCreateIn,
  teamListOut,
  teamMemberIn,
  teamMemberParams,
  teamOut,
  teamParams,
  teamPatchIn,
  tokenCreatedOut,
  tokenCreateIn,
  tokenListOut,
  userCreateIn,
  userListOut,
  userListQuery,
  userOut,
  userPatchIn,
} from '../../../shared/api/identity.js';
import type { AppContext } from '../../context.js';
import { type App, sessionCookie } from '../../http/app.js';
import {
  actorOf,
  createPersonalToken,
  listPersonalTokens,
  login,
  logout,
  revokePersonalToken,
} from './auth.service.js';
import { toUserApi } from './identity.api.js';
import {
  createTeam,
  createUser,
  getUser,
  listTeams,
  listUsers,
  membershipsOf,
  removeTeamMember,
  setTeamMember,
  updateTeam,
  updateUser,
} from './identity.service.js';
import { principalOf } from './principal.js';

export function identityRoutes(app: App, context: AppContext): void {
  const { db, config, clock } = context;

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in: returns a bearer token and sets an HttpOnly session cookie',
        security: [],
        body: loginIn,
        response: { 200: loginOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = await login(db, {
        ...request.body,
        ip: request.ip,
        maxAttempts: config.loginMaxAttempts,
        sessionTtlHours: config.sessionTtlHours,
        now: clock.now(),
      });
      const user = await getUser(db, session.userId);
      reply.setCookie(sessionCookie, session.token, {
        httpOnly: true,
        secure: config.cookieSecure,
        sameSite: 'lax',
        path: '/',
        expires: session.expiresAt,
      });
      return {
        token: session.token,
        expiresAt: session.expiresAt,
        user: toUserApi(user, await membershipsOf(db, [user.id])),
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { permission: 'tokens:own' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: revokes the token used',
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await logout(db, principalOf(request), clock.now());
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { permission: 'tokens:own' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, with permissions',
        response: { 200: meOut, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const user = await getUser(db, principal.user.id);
      return {
        ...toUserApi(user, await membershipsOf(db, [user.id])),
        permissions: [...principal.permissions].sort(),
      };
    },
  );

  app.get(
    '/api/v1/me/tokens',
    {
      config: { permission: 'tokens:own' },
      schema: {
        tags: ['auth'],
        summary: 'My personal API tokens',
        response: { 200: tokenListOut, ...errorResponses },
      },
    },
    async (request) => listPersonalTokens(db, principalOf(request).user.id),
  );

  app.post(
    '/api/v1/me/tokens',
    {
      config: { permission: 'tokens:own' },
      schema: {
        tags: ['auth'],
        summary: 'Create a personal API token (shown once)',
        body: tokenCreateIn,
        response: { 201: tokenCreatedOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createPersonalToken(db, principalOf(request), request.body, clock.now());
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/v1/me/tokens/:id',
    {
      config: { permission: 'tokens:own' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke a personal API token',
        params: idParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokePersonalToken(db, principalOf(request), request.params.id, clock.now());
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/users',
    {
      config: { permission: 'users:read' },
      schema: {
        tags: ['users'],
        summary: 'List users',
        querystring: userListQuery,
        response: { 200: userListOut, ...errorResponses },
      },
    },
    async (request) => {
      const rows = await listUsers(db, request.query);
      const memberships = await membershipsOf(
        db,
        rows.map((row) => row.id),
      );
      return rows.map((row) => toUserApi(row, memberships));
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { permission: 'users:read' },
      schema: {
        tags: ['users'],
        params: idParams,
        response: { 200: userOut, ...errorResponses },
      },
    },
    async (request) => {
      const user = await getUser(db, request.params.id);
      return toUserApi(user, await membershipsOf(db, [user.id]));
    },
  );

  app.post(
    '/api/v1/users',
    {
      config: { permission: 'users:admin' },
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: userCreateIn,
        response: { 201: userOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await createUser(db, actorOf(principalOf(request), request.id), request.body);
      return reply.status(201).send(toUserApi(user, []));
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'users:admin' },
      schema: {
        tags: ['users'],
        summary: 'Change a user (role, manager, password, active …)',
        params: idParams,
        body: userPatchIn,
        response: { 200: userOut, ...errorResponses },
      },
    },
    async (request) => {
      const user = await updateUser(
        db,
        actorOf(principalOf(request), request.id),
        request.params.id,
        request.body,
      );
      return toUserApi(user, await membershipsOf(db, [user.id]));
    },
  );

  app.get(
    '/api/v1/teams',
    {
      config: { permission: 'catalog:read' },
      schema: {
        tags: ['teams'],
        summary: 'Teams and their members (names only, unless the caller may read users)',
        response: { 200: teamListOut, ...errorResponses },
      },
    },
    async (request) => {
      const all = await listTeams(db);
      if (principalOf(request).permissions.has('users:read')) return all;
      // Requesters learn who is in a team, not how to reach them or their ids.
      return all.map((team) => ({
        ...team,
        members: team.members.map(({ displayName, isLead }) => ({ displayName, isLead })),
      }));
    },
  );

  app.post(
    '/api/v1/teams',
    {
      config: { permission: 'teams:admin' },
      schema: { tags: ['teams'], body: teamCreateIn, response: { 201: teamOut, ...errorResponses } },
    },
    async (request, reply) => {
      const team = await createTeam(db, actorOf(principalOf(request), request.id), request.body);
      return reply.status(201).send({ ...team, members: [] });
    },
  );

  app.patch(
    '/api/v1/teams/:key',
    {
      config: { permission: 'teams:admin' },
      schema: {
        tags: ['teams'],
        params: teamParams,
        body: teamPatchIn,
        response: { 200: teamOut, ...errorResponses },
      },
    },
    async (request) => {
      await updateTeam(db, actorOf(principalOf(request), request.id), request.params.key, request.body);
      return (await listTeams(db)).find((team) => team.key === request.params.key)!;
    },
  );

  app.put(
    '/api/v1/teams/:key/members/:userId',
    {
      config: { permission: 'teams:admin' },
      schema: {
        tags: ['teams'],
        summary: 'Add a member (or change whether they lead the team)',
        params: teamMemberParams,
        body: teamMemberIn,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { key, userId } = request.params;
      await setTeamMember(db, actorOf(principalOf(request), request.id), key, userId, request.body.isLead);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/teams/:key/members/:userId',
    {
      config: { permission: 'teams:admin' },
      schema: {
        tags: ['teams'],
        params: teamMemberParams,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeTeamMember(
        db,
        actorOf(principalOf(request), request.id),
        request.params.key,
        request.params.userId,
      );
      return reply.status(204).send(null);
    },
  );
}
