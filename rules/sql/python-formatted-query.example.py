# Examples for sql/python-formatted-query. `expect:` lines must fire, `ok:` lines must stay quiet.
import sqlite3

import pandas as pd
from django.db.models.expressions import RawSQL
from sqlalchemy import text


def find_user(cursor, username):
    # expect: sql/python-formatted-query
    cursor.execute(f"SELECT id, email FROM users WHERE username = '{username}'")
    # ok: sql/python-formatted-query
    cursor.execute("SELECT id, email FROM users WHERE username = %s", (username,))
    return cursor.fetchone()


def orders_for(conn, customer_id, status):
    cur = conn.cursor()
    # expect: sql/python-formatted-query
    cur.execute("SELECT * FROM orders WHERE customer_id = %s AND status = '%s'" % (customer_id, status))
    # expect: sql/python-formatted-query
    cur.execute("SELECT * FROM orders WHERE status = '%s'" % status)
    # ok: sql/python-formatted-query
    cur.execute("SELECT * FROM orders WHERE customer_id = %s AND status = %s", (customer_id, status))
    # ok: sql/python-formatted-query
    cur.execute("SELECT * FROM orders LIMIT %d" % int(status))
    return cur.fetchall()


def delete_sessions(db, token):
    # expect: sql/python-formatted-query
    db.execute("DELETE FROM sessions WHERE token = '{}'".format(token))
    # expect: sql/python-formatted-query
    db.execute("DELETE FROM sessions WHERE token = '{token}'".format(token=token))
    # ok: sql/python-formatted-query
    db.execute("DELETE FROM sessions WHERE token = ?", (token,))
    # ok: sql/python-formatted-query
    db.execute("DELETE FROM sessions WHERE id = {}".format(int(token)))


def search(conn: sqlite3.Connection, term):
    # expect: sql/python-formatted-query
    rows = conn.execute("SELECT name FROM pets WHERE name LIKE '%" + term + "%'").fetchall()
    # ok: sql/python-formatted-query
    rows = conn.execute("SELECT name FROM pets WHERE name LIKE ?", (f"%{term}%",)).fetchall()
    # expect: sql/python-formatted-query
    conn.executemany(f"INSERT INTO tags_{term} (name) VALUES (?)", [("a",), ("b",)])
    # ok: sql/python-formatted-query
    conn.executescript("CREATE TABLE IF NOT EXISTS pets (id INTEGER PRIMARY KEY, name TEXT)")
    return rows


async def get_profile(session, user_id, sort):
    # expect: sql/python-formatted-query
    result = await session.execute(text(f"SELECT * FROM profiles WHERE user_id = {user_id}"))
    # ok: sql/python-formatted-query
    result = await session.execute(text("SELECT * FROM profiles WHERE user_id = :uid"), {"uid": user_id})
    # expect: sql/python-formatted-query
    frame = pd.read_sql(f"SELECT * FROM events ORDER BY {sort}", session.bind)
    # ok: sql/python-formatted-query
    frame = pd.read_sql("SELECT * FROM events WHERE user_id = %(uid)s", session.bind, params={"uid": user_id})
    # ok: sql/python-formatted-query
    print(f"selected from profiles where user_id = {user_id}")
    return result, frame


def django_views(Person, name):
    # expect: sql/python-formatted-query
    people = Person.objects.raw(f"SELECT * FROM myapp_person WHERE last_name = '{name}'")
    # ok: sql/python-formatted-query
    people = Person.objects.raw("SELECT * FROM myapp_person WHERE last_name = %s", [name])
    # expect: sql/python-formatted-query
    annotated = Person.objects.annotate(rank=RawSQL("SELECT COUNT(*) FROM votes WHERE person = " + name, ()))
    # ok: sql/python-formatted-query
    annotated = Person.objects.annotate(rank=RawSQL("SELECT COUNT(*) FROM votes WHERE person = %s", (name,)))
    # ok: sql/python-formatted-query
    people = Person.objects.raw(f"SELECT * FROM {Person._meta.db_table} WHERE last_name = %s", [name])
    return people, annotated


def by_ids(conn, ids):
    # ok: sql/python-formatted-query
    return conn.execute("SELECT * FROM pets WHERE id IN (%s)" % ",".join("?" * len(ids)), ids).fetchall()


def assigned_text(session, name):
    # ok: sql/python-formatted-query (sql/python-query-variable reports the execute below instead)
    stmt = text(f"SELECT * FROM people WHERE name = '{name}'")
    return session.execute(stmt)


def fragment_only(session, name):
    # todo-expect: sql/python-formatted-query
    return session.query(text(f"name = '{name}'")).all()
