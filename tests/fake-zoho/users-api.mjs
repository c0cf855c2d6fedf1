// GET /crm/v{n}/users of the token's org (scope ZohoCRM.users.READ).
// `type` values and their meaning per zoho.md "Corrections" (Users) and Zoho's v8 OAS
// (github.com/zoho/crm-oas v8.0/users/operations/getUsers/operation.md):
//   AllUsers (default; NV whether deleted users are included: here they are not), ActiveUsers (active, including
//   invited users who have not confirmed), DeactiveUsers, ConfirmedUsers, NotConfirmedUsers, DeletedUsers,
//   ActiveConfirmedUsers, AdminUsers, ActiveConfirmedAdmins, CurrentUser (the token's own user).
// Any other type -> 400 INVALID_DATA {param_name:"type"}. (The v8 OAS lists 8 more types — DeveloperUsers,
// AllActiveUsers, ActiveLiteUser, ActiveAndDeactive, ChildRoleUsers, ParentRoleUsers, SubordinateRoleUsers,
// ConfirmedReportingUsers — that the fake does not model.)
// Paging: page, per_page ≤ 200 (default 200); info {per_page, count, page, more_records}; no rows -> 204.
import { pageParams } from './paging.mjs';
import { invalidData } from './crm-errors.mjs';

const isAdmin = (u) => u.profile.name === 'Administrator';
const notDeleted = (u) => u.status !== 'deleted';

export const USER_TYPES = Object.freeze({
  AllUsers: notDeleted,
  ActiveUsers: (u) => u.status === 'active',
  DeactiveUsers: (u) => u.status === 'disabled',
  ConfirmedUsers: (u) => notDeleted(u) && u.confirm,
  NotConfirmedUsers: (u) => notDeleted(u) && !u.confirm,
  DeletedUsers: (u) => u.status === 'deleted',
  ActiveConfirmedUsers: (u) => u.status === 'active' && u.confirm,
  AdminUsers: (u) => notDeleted(u) && isAdmin(u),
  ActiveConfirmedAdmins: (u) => u.status === 'active' && u.confirm && isAdmin(u),
  CurrentUser: null, // filtered by the token's zuid
});

/**
 * @param {URLSearchParams} q
 * @param {object[]} users CRM users of the token's org
 * @param {string} zuid the token's person
 * @returns {{status: number, body?: object}}
 */
export function listUsers(q, users, zuid) {
  const type = q.get('type') ?? 'AllUsers';
  if (!Object.hasOwn(USER_TYPES, type)) return invalidData('type');
  const list = type === 'CurrentUser' ? users.filter((u) => u.zuid === zuid) : users.filter(USER_TYPES[type]);
  const pp = pageParams(q);
  if (pp.error) return pp.error;
  const start = (pp.page - 1) * pp.perPage;
  const slice = list.slice(start, start + pp.perPage);
  if (!slice.length) return { status: 204 };
  return { status: 200, body: { users: slice.map((u) => structuredClone(u)), info: { per_page: pp.perPage,
    count: slice.length, page: pp.page, more_records: start + pp.perPage < list.length } } };
}
