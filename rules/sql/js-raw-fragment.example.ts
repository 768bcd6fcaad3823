// Examples for sql/js-raw-fragment. `expect:` lines must fire, `ok:` lines must stay quiet.
import knexFactory from "knex";
import postgres from "postgres";
import { PrismaClient } from "@prisma/client";

const knex = knexFactory({ client: "pg" });
const sql = postgres();
const prisma = new PrismaClient();
const DEFAULT_SORT = "name";

export async function search(req: any, term: string) {
  const needle = term.trim().toLowerCase();
  // expect: sql/js-raw-fragment
  const like = await knex("products").where(knex.raw(`lower(name) LIKE '%${needle}%'`));
  // expect: sql/js-raw-fragment
  const sorted = await knex("products").orderByRaw(`${req.query.column} desc`);
  // expect: sql/js-raw-fragment
  const filtered = await knex("products").whereRaw("price < " + req.query.max);
  // expect: sql/js-raw-fragment
  const picked = await sql.unsafe(`SELECT ${req.body.columns} FROM accounts`);
  // expect: sql/js-raw-fragment
  const removed = await prisma.$executeRawUnsafe(`DELETE FROM sessions WHERE token = '${req.cookies.token}'`);
  // expect: sql/js-raw-fragment
  const usage = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*) AS n FROM usage WHERE tenant = '${req.params.tenant}'`);
  // ok: sql/js-raw-fragment
  const bound = await knex("products").where(knex.raw("lower(name) LIKE ?", [`%${needle}%`]));
  // ok: sql/js-raw-fragment
  const fixedSort = await knex("products").orderByRaw(`${DEFAULT_SORT} desc`);
  // ok: sql/js-raw-fragment
  const tagged = await sql`SELECT * FROM accounts WHERE id = ${req.params.id}`;
  // ok: sql/js-raw-fragment
  const unsafeBound = await sql.unsafe("SELECT * FROM accounts WHERE id = $1", [req.params.id]);
  // ok: sql/js-raw-fragment
  const rawTagged = await prisma.$queryRaw`SELECT * FROM usage WHERE tenant = ${req.params.tenant}`;
  // ok: sql/js-raw-fragment
  const limited = await knex("products").whereRaw(`price < ${Number(req.query.max)}`);
  // ok: sql/js-raw-fragment
  const text = String.raw`C:\\path\\${needle}`;
  return [like, sorted, filtered, picked, removed, usage, bound, fixedSort, tagged, unsafeBound, rawTagged, limited, text];
}

const DIRECTIONS = { asc: "asc", desc: "desc" } as const;

export async function sortBy(direction: keyof typeof DIRECTIONS) {
  // ok: sql/js-raw-fragment
  return knex("products").orderByRaw(`name ${DIRECTIONS[direction]}`);
}
