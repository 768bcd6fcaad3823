// Examples for tls/js-verification-disabled. `expect:` lines must fire, `ok:` lines must stay quiet.
import https from "node:https";
import tls from "node:tls";
import { Pool } from "pg";
import { MongoClient } from "mongodb";
import axios from "axios";

// expect: tls/js-verification-disabled
const insecureAgent = new https.Agent({ rejectUnauthorized: false });

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  // expect: tls/js-verification-disabled
  ssl: { rejectUnauthorized: false },
});

export function connectLegacy(host: string) {
  // expect: tls/js-verification-disabled
  return tls.connect({ host, port: 8443, rejectUnauthorized: false, checkServerIdentity: () => undefined });
}

// expect: tls/js-verification-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
// expect: tls/js-verification-disabled
process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = '0';
// expect: tls/js-verification-disabled
https.globalAgent.options.rejectUnauthorized = false;

// expect: tls/js-verification-disabled
export const mongo = new MongoClient(process.env.MONGO_URL!, { tls: true, tlsAllowInvalidCertificates: true });

export const legacyRequest = {
  url: "https://legacy.internal.example.com",
  // expect: tls/js-verification-disabled
  strictSSL: false,
};

// ok: tls/js-verification-disabled
const verifiedAgent = new https.Agent({ rejectUnauthorized: true, ca: process.env.INTERNAL_CA });
// ok: tls/js-verification-disabled
export const verifiedPool = new Pool({ ssl: { rejectUnauthorized: true, ca: process.env.PG_CA } });
// ok: tls/js-verification-disabled
const devOnly = { rejectUnauthorized: process.env.NODE_ENV === "production" };
// ok: tls/js-verification-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "1";
// ok: tls/js-verification-disabled
delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
// ok: tls/js-verification-disabled
export const strictMongo = new MongoClient(process.env.MONGO_URL!, { tls: true, tlsAllowInvalidCertificates: false });
// ok: tls/js-verification-disabled
const client = axios.create({ httpsAgent: verifiedAgent, validateStatus: () => true });

// ok: tls/js-verification-disabled
const pinned = tls.connect({ host: "api.example.com", port: 443, checkServerIdentity: (host, cert) => tls.checkServerIdentity(host, cert) });
// A variable that is false at run time is beyond a syntactic rule.
const verify = false;
// todo-expect: tls/js-verification-disabled
const lenientAgent = new https.Agent({ rejectUnauthorized: verify });

export { insecureAgent, devOnly, client, pinned, lenientAgent };
