# Examples for sql/python-query-variable: SQL formatted into a variable, then executed.
import sqlite3


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
    # todo-expect: sql/python-query-variable
    return conn.execute(query).fetchall()


def prefix_from_variable(cursor, name, base_query):
    query = base_query + " WHERE name = '" + name + "'"
    # todo-expect: sql/python-query-variable
    cursor.execute(query)


def built_across_lines(cursor, name):
    query = "SELECT * FROM users"
    query += f" WHERE name = '{name}'"
    # todo-expect: sql/python-query-variable
    cursor.execute(query)
