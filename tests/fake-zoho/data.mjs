// Deterministic generated data: people, their CRM user records per org, and module records per org.
// Nothing here is random: the same options always give the same ids, names and values,
// so tests may hard-code e.g. "Acme 0001 Holdings" or the first user's email.
// Every id starts with its org's 7-digit prefix, so users and records of different orgs never share an id
// (CRM user and record ids are per org; the person's zuid is the Zoho account and is the same in every org).

export const ORG_PREFIX = '5725767'; // org 0; org k uses orgPrefix(k)
export const orgPrefix = (k) => String(Number(ORG_PREFIX) + 1000 * k);
const BASE_TIME = Date.UTC(2023, 0, 2, 9, 0, 0); // 2023-01-02T09:00:00Z
// Record i was created a minute after record i-1 and last modified a day after its creation, so even 100,000
// records lie in the past (ending in March 2023): an If-Modified-Since of today lists none of them.
export const RECORD_STEP_MS = 60_000;

const FIRST = ['Ava', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Keiko', 'Liam'];
const LAST = ['Morgan', 'Patel', 'Nguyen', 'Schmidt', 'Okafor', 'Rossi', 'Tanaka', 'Silva', 'Kowalski', 'Haddad'];
const SUFFIX = ['Holdings', 'Labs', 'Traders', 'Systems', 'Foods', 'Logistics', 'Partners', 'Works'];
const INDUSTRY = ['Technology', 'Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Education', 'Energy'];
const CITY = ['Austin', 'Chennai', 'Berlin', 'Osaka', 'Toronto', 'Sydney', 'London', 'Lyon', 'Denver'];
const COUNTRY = { Austin: 'USA', Chennai: 'India', Berlin: 'Germany', Osaka: 'Japan', Toronto: 'Canada',
  Sydney: 'Australia', London: 'UK', Lyon: 'France', Denver: 'USA' };
const LEAD_SOURCE = ['Web Download', 'Cold Call', 'Trade Show', 'Partner', 'Advertisement'];
const LEAD_STATUS = ['Not Contacted', 'Attempted to Contact', 'Contacted', 'Qualified'];
const STAGE = ['Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won'];

const pad = (n, w = 4) => String(n).padStart(w, '0');
/** Zoho's date-time format: seconds precision and an offset, e.g. 2023-01-02T09:00:00+00:00. */
export const zohoTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** Name, email and zuid of person i (the Zoho account, the same in every org). */
export function personName(i) {
  const first = FIRST[i % FIRST.length];
  const last = LAST[i % LAST.length];
  const dup = i >= FIRST.length ? String(Math.floor(i / FIRST.length) + 1) : '';
  return { first, last: `${last}${dup}`, full: `${first} ${last}${dup}`,
    email: `${first}.${last}${dup}@zylker.test`.toLowerCase(), zuid: String(70100000 + i + 1) };
}

/** The org object GET /org answers (fields per zoho.md "GET /org"; extras as in Zoho's v8 OAS example). */
export function makeOrgInfo(k, { name, type, primaryUser }) {
  const zgid = String(70112233 + k);
  return {
    id: `${orgPrefix(k)}00`,
    company_name: name,
    primary_zuid: primaryUser ? primaryUser.zuid : null,
    zgid,
    primary_email: primaryUser ? primaryUser.email : null,
    domain_name: `org${zgid}`,
    time_zone: 'America/Chicago',
    currency: 'US Dollar - USD',
    currency_symbol: '$',
    iso_code: 'USD',
    country_code: 'US',
    type,
  };
}

/**
 * The CRM user record of person p in the org with prefix `prefix`. The first administrator has the CEO role;
 * status is 'active' | 'disabled' (deactivated, NV) | 'deleted'; confirm is false for an invited user.
 */
export function crmUser(p, prefix) {
  const n = personName(p.index);
  const role = p.admin ? { name: 'CEO', id: `${prefix}000000026005` } : { name: 'Manager', id: `${prefix}000000026008` };
  const profile = p.admin ? { name: 'Administrator', id: `${prefix}000000026011` }
    : { name: 'Standard', id: `${prefix}000000026014` };
  return { id: `${prefix}${pad(225001 + p.index, 12)}`, full_name: n.full, first_name: n.first, last_name: n.last,
    email: n.email, role, profile, status: p.status, confirm: p.confirm, zuid: n.zuid };
}

// Module definitions: numeric code used in ids, fields searched by /search, record builder.
// ctx = { users: CRM users of the org (record owners), counts, prefix }.
const owner = ({ users }, i) => (users.length ? { name: users[i % users.length].full_name, id: users[i % users.length].id,
  email: users[i % users.length].email } : null);
const common = (ctx, i, code) => ({
  id: `${ctx.prefix}${code}${pad(i + 1, 9)}`,
  Owner: owner(ctx, i),
  Created_Time: zohoTime(BASE_TIME + i * RECORD_STEP_MS),
  Modified_Time: zohoTime(BASE_TIME + i * RECORD_STEP_MS + 86400_000),
});
const accountName = (i) => `Acme ${pad(i + 1)} ${SUFFIX[i % SUFFIX.length]}`;
const accountRef = (i, { counts, prefix }) => (counts.Accounts
  ? { name: accountName(i % counts.Accounts), id: `${prefix}101${pad((i % counts.Accounts) + 1, 9)}` } : null);
const person = (i, k) => ({ first: FIRST[(i * 5 + k) % FIRST.length], last: LAST[(i * 3 + k) % LAST.length] });

export const MODULES = {
  Accounts: { code: '101', searchFields: ['Account_Name'], build(i, ctx) {
    const city = CITY[(i * 7) % CITY.length];
    return { ...common(ctx, i, '101'), Account_Name: accountName(i), Industry: INDUSTRY[(i * 3) % INDUSTRY.length],
      Billing_City: city, Billing_Country: COUNTRY[city], Phone: `+1 555 ${pad(i % 10000)}`,
      Website: `https://acme${pad(i + 1)}.example`, Annual_Revenue: 100000 + ((i * 7919) % 900) * 1000 };
  } },
  Contacts: { code: '102', searchFields: ['Full_Name', 'First_Name', 'Last_Name', 'Email'], build(i, ctx) {
    const { first, last } = person(i, 1);
    return { ...common(ctx, i, '102'), First_Name: first, Last_Name: last, Full_Name: `${first} ${last}`,
      Email: `${first}.${last}.${pad(i + 1)}@customer.example`.toLowerCase(), Title: i % 2 ? 'Buyer' : 'CTO',
      Phone: `+1 555 7${pad(i % 1000, 3)}`, Account_Name: accountRef(i, ctx) };
  } },
  Leads: { code: '103', searchFields: ['Full_Name', 'First_Name', 'Last_Name', 'Company', 'Email'], build(i, ctx) {
    const { first, last } = person(i, 2);
    return { ...common(ctx, i, '103'), First_Name: first, Last_Name: last, Full_Name: `${first} ${last}`,
      Company: `Lead Co ${pad(i + 1)}`, Email: `${first}.${last}.${pad(i + 1)}@lead.example`.toLowerCase(),
      Lead_Source: LEAD_SOURCE[i % LEAD_SOURCE.length], Lead_Status: LEAD_STATUS[i % LEAD_STATUS.length] };
  } },
  Deals: { code: '104', searchFields: ['Deal_Name'], build(i, ctx) {
    return { ...common(ctx, i, '104'), Deal_Name: `Deal ${pad(i + 1)} ${SUFFIX[(i + 3) % SUFFIX.length]}`,
      Stage: STAGE[i % STAGE.length], Amount: 5000 + ((i * 31) % 200) * 250,
      Closing_Date: new Date(BASE_TIME + i * 86400_000).toISOString().slice(0, 10), Account_Name: accountRef(i, ctx) };
  } },
};

/** Case-insensitive lookup of a module's canonical api name; null when unknown. */
export function moduleName(name) {
  const lower = String(name).toLowerCase();
  return Object.keys(MODULES).find((m) => m.toLowerCase() === lower) || null;
}

/**
 * Record store of one org: records are built on demand from their index, so large counts cost nothing up front.
 * Changes made through the test hooks (update, remove) are kept as an overlay on the generated records: an updated
 * record gets a new Modified_Time (Zoho stamps every edit, crm-oas updateRecords response details
 * `{Modified_Time, …}`), a removed one leaves every read and is listed by `deleted` (crm-oas
 * `Deleted_Record`: deleted_by, id, display_name, type, created_by, deleted_time).
 * @param {Record<string, number>} counts e.g. { Accounts: 3000 }; modules not listed have 0 records.
 * @param {object[]} users CRM users of the org (record owners)
 * @param {string} prefix the org's id prefix
 */
export function makeRecordStore(counts, users, prefix = ORG_PREFIX) {
  const full = {};
  for (const [m, n] of Object.entries(counts || {})) {
    const canon = moduleName(m);
    if (!canon) throw new Error(`fake-zoho: unknown module in records option: ${m}`);
    if (!Number.isInteger(n) || n < 0) throw new Error(`fake-zoho: records.${m} must be a non-negative integer`);
    full[canon] = n;
  }
  for (const m of Object.keys(MODULES)) full[m] ??= 0;
  const ctx = { users, counts: full, prefix };
  const patches = Object.fromEntries(Object.keys(MODULES).map((m) => [m, new Map()])); // raw index -> fields
  const removed = Object.fromEntries(Object.keys(MODULES).map((m) => [m, new Map()])); // raw index -> entry
  const liveCache = {};
  const get = (m, i) => {
    const rec = MODULES[m].build(i, ctx);
    const patch = patches[m].get(i);
    return patch ? { ...rec, ...patch } : rec;
  };
  const rawIndex = (m, id) => {
    const code = /^(\d{7})(\d{3})(\d{9})$/.exec(String(id ?? ''));
    const i = code ? Number(code[3]) - 1 : -1;
    return i >= 0 && i < full[m] && MODULES[m].build(i, ctx).id === String(id) ? i : -1;
  };
  /** Raw indexes of module m's records that were not removed, ascending (null: all of 0..count-1). */
  const live = (m) => {
    if (!removed[m].size) return null;
    liveCache[m] ??= Array.from({ length: full[m] }, (_, i) => i).filter((i) => !removed[m].has(i));
    return liveCache[m];
  };
  const baseModified = (i) => BASE_TIME + i * RECORD_STEP_MS + 86400_000; // as common() stamps it
  return {
    counts: full,
    /** How many records module m was generated with (removed ones included: new ids never reuse theirs). */
    count: (m) => full[m],
    /** Record with raw index i (0 <= i < count), with its updates applied. */
    get,
    live,
    /** The field API names of module m's records (those of its first record, built even when m is empty). */
    fields: (m) => Object.keys(MODULES[m].build(0, ctx)),
    /** The index of the record with this id in module m, or -1 when m has no such record (or it was removed). */
    indexOf(m, id) {
      const i = rawIndex(m, id);
      return i >= 0 && !removed[m].has(i) ? i : -1;
    },
    /** The id record number n (0-based, n >= count) of module m would have: ids for records the API creates. */
    idAt: (m, n) => `${prefix}${MODULES[m].code}${pad(n + 1, 9)}`,
    /** Indexes of live records whose name fields contain word (case-insensitive). */
    search(m, word) {
      const w = word.toLowerCase();
      const out = [];
      for (let i = 0; i < full[m]; i++) {
        if (removed[m].has(i)) continue;
        const rec = get(m, i);
        if (MODULES[m].searchFields.some((f) => String(rec[f] ?? '').toLowerCase().includes(w))) out.push(i);
      }
      return out;
    },
    /** Raw indexes (ascending) of live records whose Modified_Time is after sinceMs. */
    modifiedSince(m, sinceMs) {
      const first = Math.max(0, Math.floor((sinceMs - BASE_TIME - 86400_000) / RECORD_STEP_MS) + 1);
      const out = new Set();
      for (let i = first; i < full[m]; i++) if (baseModified(i) > sinceMs && !patches[m].has(i)) out.add(i);
      for (const [i, p] of patches[m]) if (Date.parse(p.Modified_Time) > sinceMs) out.add(i);
      return [...out].filter((i) => !removed[m].has(i)).sort((a, b) => a - b);
    },
    /** Test hook: sets fields of a live record and stamps Modified_Time = atMs. False when there is no such record. */
    update(m, id, fields, atMs) {
      const i = this.indexOf(m, id);
      if (i < 0) return false;
      patches[m].set(i, { ...patches[m].get(i), ...fields, Modified_Time: zohoTime(atMs) });
      return true;
    },
    /** Test hook: removes a live record, as deleted by `by` (a CRM user) at atMs; type recycle | permanent. */
    remove(m, id, atMs, { type = 'recycle', by = users[0] } = {}) {
      const i = this.indexOf(m, id);
      if (i < 0) return false;
      const rec = get(m, i);
      const mini = (u) => (u ? { name: u.full_name, id: u.id } : null);
      removed[m].set(i, { deleted_by: mini(by), id: rec.id, display_name: String(rec[MODULES[m].searchFields[0]]),
        type, created_by: rec.Owner ? { name: rec.Owner.name, id: rec.Owner.id } : null, deleted_time: zohoTime(atMs) });
      delete liveCache[m];
      return true;
    },
    /** Entries of removed records of module m, newest deletion first (order NV). */
    deleted: (m) => [...removed[m].values()].sort((a, b) => Date.parse(b.deleted_time) - Date.parse(a.deleted_time)),
  };
}
