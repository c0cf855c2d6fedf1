// Deterministic generated data: org, users and module records.
// Nothing here is random: the same options always give the same ids, names and values,
// so tests may hard-code e.g. "Acme 0001 Holdings" or the first user's email.

export const ORG_PREFIX = '5725767';
const BASE_TIME = Date.UTC(2023, 0, 2, 9, 0, 0); // 2023-01-02T09:00:00Z

const FIRST = ['Ava', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Keiko', 'Liam'];
const LAST = ['Morgan', 'Patel', 'Nguyen', 'Schmidt', 'Okafor', 'Rossi', 'Tanaka', 'Silva', 'Kowalski', 'Haddad'];
const ROLES = [{ name: 'CEO', id: `${ORG_PREFIX}000000026005` }, { name: 'Manager', id: `${ORG_PREFIX}000000026008` }];
const PROFILES = [
  { name: 'Administrator', id: `${ORG_PREFIX}000000026011` },
  { name: 'Standard', id: `${ORG_PREFIX}000000026014` },
];
const SUFFIX = ['Holdings', 'Labs', 'Traders', 'Systems', 'Foods', 'Logistics', 'Partners', 'Works'];
const INDUSTRY = ['Technology', 'Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Education', 'Energy'];
const CITY = ['Austin', 'Chennai', 'Berlin', 'Osaka', 'Toronto', 'Sydney', 'London', 'Lyon', 'Denver'];
const COUNTRY = { Austin: 'USA', Chennai: 'India', Berlin: 'Germany', Osaka: 'Japan', Toronto: 'Canada',
  Sydney: 'Australia', London: 'UK', Lyon: 'France', Denver: 'USA' };
const LEAD_SOURCE = ['Web Download', 'Cold Call', 'Trade Show', 'Partner', 'Advertisement'];
const LEAD_STATUS = ['Not Contacted', 'Attempted to Contact', 'Contacted', 'Qualified'];
const STAGE = ['Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won'];

const pad = (n, w = 4) => String(n).padStart(w, '0');
const zohoTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

export function makeOrg(users) {
  return {
    id: `${ORG_PREFIX}00`,
    company_name: 'Zylker Test Org',
    primary_zuid: users[0] ? users[0].zuid : null,
    zgid: '70112233',
    primary_email: users[0] ? users[0].email : null,
    domain_name: 'org70112233',
    time_zone: 'America/Chicago',
    currency: 'US Dollar - USD',
    currency_symbol: '$',
    iso_code: 'USD',
    country_code: 'US',
    type: 'production',
  };
}

/** n users; user 0 is the administrator (CEO role), the others are standard users. */
export function makeUsers(n) {
  const users = [];
  for (let i = 0; i < n; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[i % LAST.length];
    const dup = i >= FIRST.length ? String(Math.floor(i / FIRST.length) + 1) : '';
    users.push({
      id: `${ORG_PREFIX}${pad(225001 + i, 12)}`,
      full_name: `${first} ${last}${dup}`,
      first_name: first,
      last_name: `${last}${dup}`,
      email: `${first}.${last}${dup}@zylker.test`.toLowerCase(),
      role: { ...ROLES[i === 0 ? 0 : 1] },
      profile: { ...PROFILES[i === 0 ? 0 : 1] },
      status: 'active',
      confirm: true,
      zuid: String(70100000 + i + 1),
    });
  }
  return users;
}

// Module definitions: api name, numeric code used in ids, fields searched by /search, record builder.
const owner = (users, i) => (users.length ? { name: users[i % users.length].full_name, id: users[i % users.length].id,
  email: users[i % users.length].email } : null);
const common = (users, i, code) => ({
  id: `${ORG_PREFIX}${code}${pad(i + 1, 9)}`,
  Owner: owner(users, i),
  Created_Time: zohoTime(BASE_TIME + i * 3600_000),
  Modified_Time: zohoTime(BASE_TIME + i * 3600_000 + 86400_000),
});
const accountRef = (i, counts) => (counts.Accounts
  ? { name: accountName(i % counts.Accounts), id: `${ORG_PREFIX}101${pad((i % counts.Accounts) + 1, 9)}` } : null);
const accountName = (i) => `Acme ${pad(i + 1)} ${SUFFIX[i % SUFFIX.length]}`;
const person = (i, k) => ({ first: FIRST[(i * 5 + k) % FIRST.length], last: LAST[(i * 3 + k) % LAST.length] });

export const MODULES = {
  Accounts: { code: '101', searchFields: ['Account_Name'], build(i, users) {
    const city = CITY[(i * 7) % CITY.length];
    return { ...common(users, i, '101'), Account_Name: accountName(i), Industry: INDUSTRY[(i * 3) % INDUSTRY.length],
      Billing_City: city, Billing_Country: COUNTRY[city], Phone: `+1 555 ${pad(i % 10000)}`,
      Website: `https://acme${pad(i + 1)}.example`, Annual_Revenue: 100000 + ((i * 7919) % 900) * 1000 };
  } },
  Contacts: { code: '102', searchFields: ['Full_Name', 'First_Name', 'Last_Name', 'Email'], build(i, users, counts) {
    const { first, last } = person(i, 1);
    return { ...common(users, i, '102'), First_Name: first, Last_Name: last, Full_Name: `${first} ${last}`,
      Email: `${first}.${last}.${pad(i + 1)}@customer.example`.toLowerCase(), Title: i % 2 ? 'Buyer' : 'CTO',
      Phone: `+1 555 7${pad(i % 1000, 3)}`, Account_Name: accountRef(i, counts) };
  } },
  Leads: { code: '103', searchFields: ['Full_Name', 'First_Name', 'Last_Name', 'Company', 'Email'], build(i, users) {
    const { first, last } = person(i, 2);
    return { ...common(users, i, '103'), First_Name: first, Last_Name: last, Full_Name: `${first} ${last}`,
      Company: `Lead Co ${pad(i + 1)}`, Email: `${first}.${last}.${pad(i + 1)}@lead.example`.toLowerCase(),
      Lead_Source: LEAD_SOURCE[i % LEAD_SOURCE.length], Lead_Status: LEAD_STATUS[i % LEAD_STATUS.length] };
  } },
  Deals: { code: '104', searchFields: ['Deal_Name'], build(i, users, counts) {
    return { ...common(users, i, '104'), Deal_Name: `Deal ${pad(i + 1)} ${SUFFIX[(i + 3) % SUFFIX.length]}`,
      Stage: STAGE[i % STAGE.length], Amount: 5000 + ((i * 31) % 200) * 250,
      Closing_Date: new Date(BASE_TIME + i * 86400_000).toISOString().slice(0, 10), Account_Name: accountRef(i, counts) };
  } },
};

/** Case-insensitive lookup of a module's canonical api name; null when unknown. */
export function moduleName(name) {
  const lower = String(name).toLowerCase();
  return Object.keys(MODULES).find((m) => m.toLowerCase() === lower) || null;
}

/**
 * Record store: records are built on demand from their index, so large counts cost nothing up front.
 * @param {Record<string, number>} counts e.g. { Accounts: 3000 }; modules not listed have 0 records.
 */
export function makeRecordStore(counts, users) {
  const full = {};
  for (const [m, n] of Object.entries(counts || {})) {
    const canon = moduleName(m);
    if (!canon) throw new Error(`fake-zoho: unknown module in records option: ${m}`);
    if (!Number.isInteger(n) || n < 0) throw new Error(`fake-zoho: records.${m} must be a non-negative integer`);
    full[canon] = n;
  }
  for (const m of Object.keys(MODULES)) full[m] ??= 0;
  return {
    counts: full,
    count: (m) => full[m],
    get: (m, i) => MODULES[m].build(i, users, full),
    /** Indexes of records whose name fields contain word (case-insensitive). */
    search(m, word) {
      const w = word.toLowerCase();
      const out = [];
      for (let i = 0; i < full[m]; i++) {
        const rec = MODULES[m].build(i, users, full);
        if (MODULES[m].searchFields.some((f) => String(rec[f] ?? '').toLowerCase().includes(w))) out.push(i);
      }
      return out;
    },
  };
}
