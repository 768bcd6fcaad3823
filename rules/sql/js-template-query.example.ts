// Examples for sql/js-template-query. `expect:` lines must fire, `ok:` lines must stay quiet.
import { Pool } from "pg";
const pool = new Pool();

export async function getUser(req: any) {
  // expect: sql/js-template-query
  const a = await pool.query(`SELECT * FROM users WHERE id = ${req.params.id}`);
  // expect: sql/js-template-query
  const b = await db.execute("SELECT * FROM orders WHERE user = '" + req.query.user + "'");
  // expect: sql/js-template-query
  const c = await prisma.$queryRawUnsafe(`DELETE FROM sessions WHERE token = '${token}'`);
  // expect: sql/js-template-query
  const d = await knex.raw(`select * from accounts order by ${sort}`);
  // expect: sql/js-template-query
  const e = db.prepare("SELECT name FROM pets WHERE owner = " + owner).all();
  // expect: sql/js-template-query
  const typed = await pool.query<User>(`SELECT * FROM users ORDER BY ${req.query.sort}`);
  // expect: sql/js-template-query
  const rows = await prisma.$queryRawUnsafe<Usage[]>(`SELECT * FROM usage WHERE tenant = '${tenantId}'`);
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
  return [a, b, c, d, e, f, g, h, i, j, k, typed, rows, typedSafe];
}
