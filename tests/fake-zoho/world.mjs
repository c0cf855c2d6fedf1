// Who exists in a fake Zoho: people (Zoho accounts), the data centre each account lives in, and the CRM orgs
// each person belongs to.
//
//   users: 5                          five people, all in the default DC, all in org 0, person 0 the administrator
//   users: [{ dc: 'eu', orgs: [0, 1], status: 'active', confirm: true, admin: false }, ...]   one spec per person
//   orgs:  [{ type: 'production', name: 'Zylker', records: { Accounts: 10 } }, { type: 'sandbox' }]
//
// Rules copied:
// - A person's account lives in exactly one data centre (zoho.md "Corrections": multi-DC; the `location` Zoho
//   returns names it). Default: the default DC.
// - CRM OAuth tokens are org-specific; an org is of type production, sandbox or developer; a user can belong to up
//   to 10 CRM orgs (help.zoho.com "Org-specific OAuth2.0 Tokens in Zoho CRM", via zoho.md "Corrections").
// - User and record ids are per org (every id starts with the org's prefix, see data.mjs); a person's zuid is the
//   same in every org.
// - status 'active' | 'disabled' (deactivated; the exact word Zoho uses is NV) | 'deleted'; confirm false = invited
//   and not yet confirmed (zoho.md: "ActiveUsers includes invited users who have not confirmed").
// An org's records default to the top-level `records` option (a sandbox is a copy); an org spec may set its own.
import { personName, crmUser, makeOrgInfo, makeRecordStore, orgPrefix } from './data.mjs';

export const ORG_TYPES = Object.freeze(['production', 'sandbox', 'developer']);
export const USER_STATUSES = Object.freeze(['active', 'disabled', 'deleted']);
export const MAX_ORGS_PER_USER = 10;

const fail = (msg) => {
  throw new Error(`fake-zoho: ${msg}`);
};

function personSpecs(users) {
  if (typeof users === 'number') {
    if (!Number.isInteger(users) || users < 1) fail('users must be an integer >= 1');
    return Array.from({ length: users }, () => ({}));
  }
  if (!Array.isArray(users) || !users.length) fail('users must be an integer >= 1 or a non-empty array of specs');
  return users.map((s) => s ?? {});
}

function defaultOrgName(type, k) {
  const base = type === 'production' ? 'Zylker Test Org' : `Zylker Test Org (${type[0].toUpperCase()}${type.slice(1)})`;
  return k === 0 || type !== 'production' ? base : `${base} ${k + 1}`;
}

export function makeWorld({ users = 5, orgs, records = {}, dataCenters, defaultDc }) {
  const orgSpecs = orgs ?? [{}];
  if (!Array.isArray(orgSpecs) || !orgSpecs.length) fail('orgs must be a non-empty array');
  const people = personSpecs(users).map((s, index) => {
    const n = personName(index);
    const dc = s.dc ?? defaultDc;
    if (!dataCenters.includes(dc)) fail(`users[${index}].dc ${dc} is not one of the served data centres`);
    const orgIndexes = [...new Set(s.orgs ?? [0])];
    if (!orgIndexes.length || orgIndexes.length > MAX_ORGS_PER_USER) {
      fail(`users[${index}] must belong to 1..${MAX_ORGS_PER_USER} orgs`);
    }
    for (const k of orgIndexes) if (!Number.isInteger(k) || !orgSpecs[k]) fail(`users[${index}].orgs has no org ${k}`);
    const status = s.status ?? 'active';
    if (!USER_STATUSES.includes(status)) fail(`users[${index}].status must be one of ${USER_STATUSES.join(', ')}`);
    return { index, email: n.email, zuid: n.zuid, full_name: n.full, dc, status, confirm: s.confirm ?? true,
      admin: s.admin ?? index === 0, orgIndexes };
  });
  const orgList = orgSpecs.map((o, k) => {
    const type = o.type ?? 'production';
    if (!ORG_TYPES.includes(type)) fail(`orgs[${k}].type must be one of ${ORG_TYPES.join(', ')}`);
    const prefix = orgPrefix(k);
    const members = people.filter((p) => p.orgIndexes.includes(k));
    const crmUsers = members.map((p) => crmUser(p, prefix));
    const primary = members.find((p) => p.admin) ?? members[0];
    const info = makeOrgInfo(k, { name: o.name ?? defaultOrgName(type, k), type, primaryUser: primary });
    return { index: k, id: info.id, prefix, info, members, crmUsers,
      store: makeRecordStore(o.records ?? records, crmUsers, prefix) };
  });
  for (const p of people) p.orgIds = p.orgIndexes.map((k) => orgList[k].id);
  const orgById = new Map(orgList.map((o) => [o.id, o]));

  return {
    people,
    orgs: orgList,
    orgById: (id) => orgById.get(id) ?? null,
    personByEmail: (email) => people.find((p) => p.email === String(email ?? '').trim().toLowerCase()) ?? null,
    /** The CRM user record of the person with zuid in org, or null when not a member. */
    crmUserOf: (org, zuid) => org.crmUsers.find((u) => u.zuid === zuid) ?? null,
    /** What tests see as fake.users: each person's CRM user record in their first org, plus dc and org ids. */
    publicUsers: () => people.map((p) => ({ ...crmUser(p, orgList[p.orgIndexes[0]].prefix), dc: p.dc,
      orgs: [...p.orgIds] })),
    publicOrgs: () => orgList.map((o) => structuredClone(o.info)),
  };
}
