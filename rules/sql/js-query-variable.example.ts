// Examples for sql/js-query-variable: SQL built into a variable, then run. `expect:` lines must fire, `ok:` lines must stay quiet.
import type { Request, Response } from "express";
import { Pool } from "pg";
import postgres from "postgres";

const pool = new Pool();
const sql = postgres();

export async function searchAccounts(req: Request, res: Response) {
  const statement = `SELECT id, email FROM accounts ${buildWhere(req.body.filter)} ORDER BY id LIMIT 100`;
  // expect: sql/js-query-variable
  const rows = await sql.unsafe(statement);
  res.json({ rows });
}

export async function byStatus(status: string, limit: number) {
  let text = "SELECT * FROM orders WHERE 1 = 1";
  text += ` AND status = '${status}'`;
  // expect: sql/js-query-variable
  const { rows } = await pool.query<{ id: string }>(text, [limit]);
  return rows;
}

export async function remove(name: string) {
  const query = "DELETE FROM pets WHERE name = '" + name + "'";
  // expect: sql/js-query-variable
  return pool.query(query);
}

export async function safeSearch(term: string, status?: string) {
  const params: unknown[] = [`%${term}%`];
  let text = "SELECT * FROM products WHERE name ILIKE $1";
  if (status) {
    params.push(status);
    text += ` AND status = $${params.length}`;
  }
  // ok: sql/js-query-variable
  const found = await pool.query(text, params);
  const constant = `SELECT * FROM products LIMIT ${PAGE_SIZE}`;
  // ok: sql/js-query-variable
  const page = await pool.query(constant);
  const byNumber = `SELECT * FROM products WHERE id = ${Number(term)}`;
  // ok: sql/js-query-variable
  const one = await pool.query(byNumber);
  return [found, page, one];
}

export async function filterBy(filter: Record<string, string>) {
  const clauses: string[] = [];
  for (const [column, value] of Object.entries(filter)) clauses.push(`${column} = '${value}'`);
  const text = `SELECT * FROM accounts WHERE ${clauses.join(" AND ")}`;
  // expect: sql/js-query-variable
  return pool.query(text);
}

export async function byIds(ids: string[]) {
  const text = `SELECT * FROM accounts WHERE id IN (${ids.map(() => "?").join(", ")})`;
  // ok: sql/js-query-variable
  return pool.query(text, ids);
}

export async function run(query: string, values: unknown[]) {
  // ok: sql/js-query-variable
  return pool.query(query, values);
}

export function logOnly(term: string) {
  const message = `selected products for ${term}`;
  // ok: sql/js-query-variable
  return pool.query(message);
}

function buildWhere(filter: Record<string, string>): string {
  return `WHERE ${Object.keys(filter).join(" AND ")}`;
}

const PAGE_SIZE = 24;
