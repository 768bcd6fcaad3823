# Examples for sql/python-query-variable: SQL formatted into a variable, then executed.
import sqlite3

from sqlalchemy import text

EVENTS_TABLE = "events"


def get_user(conn, user_id):
    query = f"SELECT * FROM users WHERE id = {user_id}"
    with conn.cursor() as cur:
        # expect: sql/python-query-variable
        cur.execute(query)
        return cur.fetchone()


def list_orders(cursor, status, limit):
    sql = "SELECT * FROM orders WHERE status = '%s'" % status
    # expect: sql/python-query-variable
    cursor.execute(sql)
    safe_sql = "SELECT * FROM orders WHERE status = %s LIMIT %s"
    # ok: sql/python-query-variable
    cursor.execute(safe_sql, (status, limit))
    return cursor.fetchall()


def remove(db: sqlite3.Connection, name):
    statement = "DELETE FROM pets WHERE name = '" + name + "'"
    # expect: sql/python-query-variable
    result = db.execute(statement)
    limited = "DELETE FROM pets WHERE id = %d" % int(name)
    # ok: sql/python-query-variable
    db.execute(limited)
    return result


async def count_events(conn, kind):
    stmt = "SELECT count(*) FROM events WHERE kind = '{}'".format(kind)
    # expect: sql/python-query-variable
    return await conn.fetchval(stmt)


async def count_events_safely(conn, kind):
    stmt = "SELECT count(*) FROM events WHERE kind = $1"
    # ok: sql/python-query-variable
    return await conn.fetchval(stmt, kind)


def log_only(logger, kind):
    message = f"selected from events where kind = {kind}"
    # ok: sql/python-query-variable
    logger.info(message)
    table = "events"
    # ok: sql/python-query-variable
    logger.execute(table)


def chained_fetch(conn, name):
    query = f"SELECT * FROM pets WHERE name = '{name}'"
    # expect: sql/python-query-variable
    return conn.execute(query).fetchall()


def prefix_from_variable(cursor, name, base_query):
    query = base_query + " WHERE name = '" + name + "'"
    # expect: sql/python-query-variable
    cursor.execute(query)


def built_across_lines(cursor, name):
    query = "SELECT * FROM users"
    query += f" WHERE name = '{name}'"
    # expect: sql/python-query-variable
    cursor.execute(query)


def partly_bound(conn, region, since):
    query = f"SELECT day, SUM(total) FROM sales WHERE region = '{region}'"
    params = []
    if since:
        query += " AND day >= %s"
        params.append(since)
    with conn.cursor() as cur:
        # expect: sql/python-query-variable
        cur.execute(query, params)
        return cur.fetchall()


def tagged(session, tag, limit):
    stmt = text(
        "SELECT a.id FROM articles a JOIN article_tags t ON t.article_id = a.id "
        "WHERE t.name = '{}' LIMIT {}".format(tag, int(limit))
    )
    # expect: sql/python-query-variable
    return [row.id for row in session.execute(stmt)]


def tagged_safely(session, tag):
    stmt = text("SELECT a.id FROM articles a JOIN article_tags t ON t.article_id = a.id WHERE t.name = :tag")
    # ok: sql/python-query-variable
    return session.scalars(stmt, {"tag": tag}).all()


class Repository:
    def __init__(self, conn):
        self.conn = conn

    def _all(self, sql, params=()):
        with self.conn.cursor() as cur:
            # ok: sql/python-query-variable
            cur.execute(sql, params)
            return cur.fetchall()

    def funnel(self, event, start, end):
        sql = f"SELECT step, count(*) FROM funnel_events WHERE name = '{event}' AND day BETWEEN %s AND %s GROUP BY step"
        # expect: sql/python-query-variable
        return self._all(sql, (start, end))

    def daily(self, start, end):
        sql = f"SELECT day, count(*) FROM {EVENTS_TABLE} WHERE day BETWEEN %s AND %s GROUP BY day"
        # ok: sql/python-query-variable
        return self._all(sql, (start, end))

    def report(self, name):
        message = f"report {name} selected from events"
        # ok: sql/python-query-variable
        return self.notify(message, (name,))


def by_ids(cursor, ids):
    query = "SELECT * FROM pets WHERE id IN (%s)" % ", ".join(["%s"] * len(ids))
    # ok: sql/python-query-variable
    cursor.execute(query, ids)
    return cursor.fetchall()


def calls_by_endpoint(session, tenant_id, errors_only, endpoint):
    clauses = ["tenant_id = :tenant_id"]
    if errors_only:
        clauses.append("status_code >= 500")
    where = " AND ".join(clauses)
    stmt = text(f"SELECT endpoint, count(*) FROM api_calls WHERE {where} GROUP BY 1")
    # ok: sql/python-query-variable
    fixed = session.execute(stmt, {"tenant_id": tenant_id}).all()
    conditions = ["tenant_id = :tenant_id", f"endpoint = '{endpoint}'"]
    filtered = text(f"SELECT endpoint, count(*) FROM api_calls WHERE {' AND '.join(conditions)} GROUP BY 1")
    # expect: sql/python-query-variable
    return fixed, session.execute(filtered, {"tenant_id": tenant_id}).all()
