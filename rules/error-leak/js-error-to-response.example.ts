// Examples for error-leak/js-error-to-response. `expect:` lines must fire, `ok:` lines must stay quiet.
import express, { type NextFunction, type Request, type Response } from "express";
import { Hono } from "hono";
import { NextResponse } from "next/server";
import { logger } from "./logger";
import { db } from "./db";

const app = express();
const api = new Hono();

app.get("/orders/:id", async (req, res) => {
  try {
    res.json(await db.order.findUniqueOrThrow({ where: { id: req.params.id } }));
  } catch (err) {
    // expect: error-leak/js-error-to-response
    res.status(500).send(err);
  }
});

app.post("/orders", async (req, res) => {
  try {
    res.status(201).json(await db.order.create({ data: req.body }));
  } catch (error) {
    console.error(error);
    // expect: error-leak/js-error-to-response
    return res.status(500).json({ message: "Could not create the order", error });
  }
});

app.delete("/orders/:id", async (req, res) => {
  try {
    await db.order.delete({ where: { id: req.params.id } });
    res.sendStatus(204);
  } catch (e) {
    // expect: error-leak/js-error-to-response
    res.status(500).json({ error: (e as Error).message, stack: (e as Error).stack });
  }
});

// expect: error-leak/js-error-to-response
app.use((err: Error, req: Request, res: Response, next: NextFunction) => res.status(500).json(err.stack));

app.use((err: Error, req: Request, res: Response, _next: NextFunction) => {
  // expect: error-leak/js-error-to-response
  res.status(500).json({ error: err });
});

api.get("/reports/:id", async (c) => {
  try {
    return c.json(await db.report.findUniqueOrThrow({ where: { id: c.req.param("id") } }));
  } catch (e) {
    // expect: error-leak/js-error-to-response
    return c.json({ error: String(e), stack: e instanceof Error ? e.stack : undefined }, 500);
  }
});

export async function POST(request: Request) {
  try {
    return NextResponse.json(await db.invoice.create({ data: await request.json() }));
  } catch (error) {
    // expect: error-leak/js-error-to-response
    return NextResponse.json({ error }, { status: 500 });
  }
}

export async function GET() {
  try {
    return NextResponse.json(await db.invoice.findMany());
  } catch (err) {
    // expect: error-leak/js-error-to-response
    return new Response(err instanceof Error ? err.stack : "error", { status: 500 });
  }
}

app.get("/health", async (req, res) => {
  try {
    await db.$queryRaw`SELECT 1`;
    res.json({ ok: true });
  } catch (err) {
    logger.error({ err }, "health check failed");
    // ok: error-leak/js-error-to-response
    res.status(503).json({ ok: false, error: "database unavailable" });
  }
});

app.post("/signup", async (req, res) => {
  const { error, value } = signupSchema.validate(req.body);
  // ok: error-leak/js-error-to-response
  if (error) return res.status(400).json({ error: error.details[0]?.message });
  try {
    res.status(201).json(await db.user.create({ data: value }));
  } catch (err) {
    logger.error(err);
    // ok: error-leak/js-error-to-response
    res.status(500).json({ error: "Internal Server Error", requestId: req.id });
  }
});

app.use((err: Error, req: Request, res: Response, _next: NextFunction) => {
  logger.error({ err, stack: err.stack }, "unhandled");
  // ok: error-leak/js-error-to-response
  res.status(500).json({ error: "Internal Server Error" });
});

export async function PUT() {
  try {
    return NextResponse.json(await db.invoice.findMany());
  } catch (error) {
    console.error(error);
    // ok: error-leak/js-error-to-response
    return NextResponse.json({ error: "Something went wrong" }, { status: 500 });
  }
}

api.onError((err, c) => {
  console.error(err.stack);
  // ok: error-leak/js-error-to-response
  return c.json({ error: "Internal Server Error" }, 500);
});

app.put("/profile", async (req, res) => {
  try {
    res.json(await db.user.update({ where: { id: req.user.id }, data: req.body }));
  } catch (err) {
    // ok: error-leak/js-error-to-response
    if (err instanceof ValidationError) return res.status(400).json({ error: err.message });
    // A send nested in an `if` of the catch block is beyond the direct-statement pattern.
    // todo-expect: error-leak/js-error-to-response
    if (process.env.NODE_ENV !== "production") return res.status(500).json(err);
    res.sendStatus(500);
  }
});

class ValidationError extends Error {}

export function renderStack(stack: string[], res: Response) {
  // ok: error-leak/js-error-to-response
  res.json({ items: stack });
}

const signupSchema = { validate: (body: unknown) => ({ error: undefined as undefined | { details: { message: string }[] }, value: body }) };
