// The extension benches' accounts: deterministic Zoho-like Accounts records (the same ones for the same count, in
// every run), normalized as the extension does it. search-bench.mjs and index-memory.mjs measure the same data.
import { normalizeRecord } from '../../extension/lib/accounts.js';

const FIRST = ['Zylker', 'Acme', 'Société', 'Bäckerei', 'Nordic', 'Øresund', 'Globex', 'Initech', 'Umbrella', 'Hooli',
  'Stark', 'Wayne', 'Łódź', 'Crème', 'Pied', 'Dunder', 'Vandelay', 'Kraków', 'São', 'Tyrell', 'Müller', 'Aalto'];
const SECOND = ['Holdings', 'Labs', 'Générale', 'Müller', 'Traders', 'Logistics', 'Foods', 'Systems', 'Partners',
  'Energy', 'Bau', 'Consulting'];
const SUFFIX = ['Inc', 'GmbH', 'Ltd', 'SA', 'AG', 'KK', 'Pty', 'LLC', 'S.A.S.', 'Oy'];
const CITIES = ['Berlin', 'Zürich', 'São Paulo', 'Kraków', 'Chennai', 'Osaka', 'Toronto', 'Riyadh', 'London', 'Sydney',
  'Malmö', 'Reykjavík'];

/** The account source the records are read as: Zoho's Accounts module with two detail fields. */
export const ACCOUNTS_SOURCE = Object.freeze({
  module: 'Accounts', nameField: 'Account_Name', fields: Object.freeze(['Account_Name', 'Billing_City', 'Industry']),
});

/**
 * `count` normalized accounts, from the same seed each call. With `fresh`, every record goes through JSON first,
 * so its strings are new ones as JSON.parse of a page or of the cache gives them, not shared literals (what a
 * memory measure must see).
 */
export function fakeAccounts(count, { fresh = false } = {}) {
  let seed = 0x2a1b3c; // mulberry32: deterministic pseudo-random numbers
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (list) => list[Math.floor(rand() * list.length)];
  return Array.from({ length: count }, (_, n) => {
    const raw = {
      id: String(4150868000000000000n + BigInt(n)),
      Account_Name: `${pick(FIRST)} ${pick(SECOND)} ${pick(SUFFIX)} ${n}`,
      Billing_City: pick(CITIES),
      Industry: `${pick(FIRST)} ${pick(SECOND)}`,
    };
    return normalizeRecord(fresh ? JSON.parse(JSON.stringify(raw)) : raw, ACCOUNTS_SOURCE);
  });
}
