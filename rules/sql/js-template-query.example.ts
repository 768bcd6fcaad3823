// Examples for sql/js-template-query. `expect:` lines must fire, `ok:` lines must stay quiet.
import { Pool } from "pg";
const pool = new Pool();

export async function getUser(req: any) {
  // expect: sql/js-template-query
  const a = await pool.query(`SELECT * FROM users WHERE id = ${req.params.id}`);
  // expect: sql/js-template-query
  const b = await db.execute("SELECT * FROM orders WHERE user = '" + req.query.user + "'");
  // expect: sql/js-template-query
  const c = await pool.query(`DELETE FROM sessions WHERE token = '${token}'`);
  // expect: sql/js-template-query
  const d = await db.all(`select * from accounts order by ${sort}`);
  // expect: sql/js-template-query
  const e = db.prepare("SELECT name FROM pets WHERE owner = " + owner).all();
  // expect: sql/js-template-query
  const typed = await pool.query<User>(`SELECT * FROM users ORDER BY ${req.query.sort}`);
  // expect: sql/js-template-query
  const rows = await db.execute<Usage[]>(`SELECT * FROM usage WHERE tenant = '${tenantId}'`);
  // ok: sql/js-template-query
  const typedSafe = await pool.query<User>("SELECT * FROM users WHERE id = $1", [req.params.id]);
  // ok: sql/js-template-query
  const f = await pool.query("SELECT * FROM users WHERE id = $1", [req.params.id]);
  // ok: sql/js-template-query
  const g = await sql`SELECT * FROM users WHERE id = ${req.params.id}`;
  // ok: sql/js-template-query
  const h = await prisma.$queryRaw`SELECT * FROM users WHERE id = ${id}`;
  // ok: sql/js-template-query
  const i = await pool.query(`SELECT * FROM users WHERE id = ${Number(req.params.id)}`);
  // ok: sql/js-template-query
  const j = await pool.query(`SELECT * FROM users LIMIT 10`);
  // ok: sql/js-template-query
  const k = logger.info(`select took ${ms} ms`);
  // ok: sql/js-template-query
  const cached = await cache.get(`session:${req.cookies.sid}`);
  return [a, b, c, d, e, f, g, h, i, j, k, typed, rows, typedSafe, cached];
}

// Values the file itself fixes are not injection: an allow-list lookup, a ternary of literals, a loop over
// constants, a placeholder number.
const SORTABLE = { created: "created_at", total: "total_cents" } as const;
const TABLES = ["projects", "documents"] as const;

export async function listOrders(sort: keyof typeof SORTABLE, ascending: boolean, status?: string) {
  const column = SORTABLE[sort];
  const direction = ascending ? "ASC" : "DESC";
  const params: unknown[] = [];
  let where = "";
  if (status) {
    params.push(status);
    where = `WHERE status = $${params.length}`;
  }
  // ok: sql/js-template-query
  const listed = await pool.query(`SELECT * FROM orders ${where} ORDER BY ${column} ${direction}`, params);
  // expect: sql/js-template-query
  const unchecked = await pool.query(`SELECT * FROM orders ORDER BY ${sort}`);
  // A list of clauses starts empty but is filled with input: not a constant.
  const clauses: string[] = [];
  if (status) clauses.push(`status = '${status}'`);
  // expect: sql/js-template-query
  const filtered = await pool.query(`SELECT * FROM orders WHERE ${clauses.join(" AND ")}`);
  const ids = status ? status.split(",") : [];
  // ok: sql/js-template-query
  const byIds = await pool.query(`SELECT * FROM orders WHERE id IN (${ids.map(() => "?").join(", ")})`, ids);
  return [listed, unchecked, filtered, byIds];
}

export async function migrate(queryRunner: { query(sql: string): Promise<unknown> }) {
  for (const table of TABLES) {
    // ok: sql/js-template-query
    await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN "deleted_at" TIMESTAMPTZ NULL`);
  }
}

declare const db: any;
declare const cache: any;
declare const sql: any;
