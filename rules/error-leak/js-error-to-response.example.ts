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

// ---- Fresh cases across frameworks (written before tuning the rule against them) ----

// A debug header or query flag is set by whoever sends the request, so it gates nothing.
app.get("/api/projects/:id", async (req, res) => {
  try {
    res.json(await db.project.findUniqueOrThrow({ where: { id: req.params.id } }));
  } catch (err) {
    if (req.headers["x-debug"] === "1") {
      // expect: error-leak/js-error-to-response
      return res.status(500).send((err as Error).stack);
    }
    res.status(500).json({ error: "Internal Server Error" });
  }
});

app.get("/api/search", async (req, res) => {
  try {
    res.json(await db.item.findMany({ where: { name: { contains: String(req.query.q) } } }));
  } catch (err) {
    const error = err as Error;
    // expect: error-leak/js-error-to-response
    if (req.query.debug) return res.status(500).json({ message: error.message, trace: error.stack });
    res.sendStatus(500);
  }
});

// An error middleware that answers every status, 500 included, with the raw message.
app.use((err: Error & { status?: number }, req: Request, res: Response, next: NextFunction) => {
  const status = err.status ?? 500;
  // expect: error-leak/js-error-to-response
  res.status(status).json({ error: err.message });
});

app.post("/api/checkout", async (req, res) => {
  try {
    res.json(await db.order.create({ data: req.body }));
  } catch (e) {
    // expect: error-leak/js-error-to-response
    res.status(500).json({ error: (e as Error).message });
  }
});

app.post("/api/import", async (req, res) => {
  try {
    res.json(await db.item.createMany({ data: req.body.items }));
  } catch (err) {
    // expect: error-leak/js-error-to-response
    res.status(500).send(`Import failed: ${err}`);
  }
});

app.get("/api/stats", async (req, res) => {
  try {
    res.json(await db.$queryRaw`SELECT count(*) FROM orders`);
  } catch (err) {
    // expect: error-leak/js-error-to-response
    res.status(500).json({ error: String(err) });
  }
});

// Next.js route handlers.
export async function PATCH(request: Request) {
  try {
    return NextResponse.json(await db.invoice.update({ where: { id: "1" }, data: await request.json() }));
  } catch (e) {
    // expect: error-leak/js-error-to-response
    return NextResponse.json({ error: String(e) }, { status: 500 });
  }
}

export async function DELETE() {
  try {
    await db.invoice.deleteMany();
    return new Response(null, { status: 204 });
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : "Unknown error";
    // expect: error-leak/js-error-to-response
    return Response.json({ error: message }, { status: 500 });
  }
}

// Fastify: the error handler takes (error, request, reply).
fastify.setErrorHandler((error, request, reply) => {
  request.log.error(error);
  // expect: error-leak/js-error-to-response
  reply.status(500).send(error);
});

fastify.get("/api/widgets", async (request, reply) => {
  try {
    return await db.widget.findMany();
  } catch (err: any) {
    // expect: error-leak/js-error-to-response
    return reply.code(500).send({ ok: false, error: err.message });
  }
});

// Hono.
api.onError((err, c) => {
  // expect: error-leak/js-error-to-response
  return c.json({ error: err.message }, 500);
});

// Koa assigns the body instead of calling a sender.
koa.use(async (ctx, next) => {
  try {
    await next();
  } catch (err: any) {
    ctx.status = err.status || 500;
    // expect: error-leak/js-error-to-response
    ctx.body = { message: err.message, stack: err.stack };
  }
});

// NestJS: the exception filter answers every request that failed.
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const response = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    // expect: error-leak/js-error-to-response
    response.status(status).json({ statusCode: status, message: (exception as Error).message, stack: (exception as Error).stack });
  }
}

@Controller("reports")
export class ReportsController {
  @Get(":id")
  async findOne(@Param("id") id: string) {
    try {
      return await db.report.findUniqueOrThrow({ where: { id } });
    } catch (error) {
      // NestJS sends the exception's message to the client as is.
      // expect: error-leak/js-error-to-response
      throw new InternalServerErrorException(error.message);
    }
  }
}

// The ternary only guards the type; the message still goes out with the 500.
app.post("/api/reports/export", async (req, res) => {
  try {
    res.json(await db.report.create({ data: req.body }));
  } catch (error) {
    // expect: error-leak/js-error-to-response
    res.status(500).json({ success: false, message: error instanceof Error ? error.message : "Unknown error" });
  }
});

// Negatives.
app.get("/api/teams/:id", async (req, res) => {
  try {
    res.json(await db.team.findUniqueOrThrow({ where: { id: req.params.id } }));
  } catch (err) {
    logger.error({ err, stack: (err as Error).stack }, "team lookup failed");
    // ok: error-leak/js-error-to-response
    res.status(500).json({ error: "Could not load the team" });
  }
});

// Stack only in development: NODE_ENV is the operator's setting, not the client's, and "development" is opt-in.
app.use((err: Error, req: Request, res: Response, _next: NextFunction) => {
  logger.error(err);
  if (process.env.NODE_ENV === "development") {
    // ok: error-leak/js-error-to-response
    return res.status(500).json({ error: err.message, stack: err.stack });
  }
  // ok: error-leak/js-error-to-response
  res.status(500).json({ error: "Internal Server Error" });
});

// Client errors carry a message written for the client.
app.post("/api/accounts", async (req, res) => {
  const parsed = accountSchema.safeParse(req.body);
  // ok: error-leak/js-error-to-response
  if (!parsed.success) return res.status(400).json({ error: parsed.error.message, issues: parsed.error.issues });
  try {
    res.status(201).json(await db.account.create({ data: parsed.data }));
  } catch (err) {
    if (err instanceof ConflictError) {
      // ok: error-leak/js-error-to-response
      return res.status(409).json({ error: err.message });
    }
    // ok: error-leak/js-error-to-response
    res.status(500).json({ error: "Internal Server Error", requestId: req.id });
  }
});

// An error middleware that exposes only client errors.
app.use((err: Error & { status?: number; expose?: boolean }, req: Request, res: Response, _next: NextFunction) => {
  const status = err.status ?? 500;
  if (status >= 500) logger.error(err);
  // ok: error-leak/js-error-to-response
  res.status(status).json({ error: status < 500 ? err.message : "Internal Server Error" });
});

app.post("/api/transfers", async (req, res) => {
  try {
    res.json(await db.transfer.create({ data: req.body }));
  } catch (err: any) {
    const status = err.statusCode ?? 500;
    // ok: error-leak/js-error-to-response
    res.status(status).json({ error: status < 500 ? err.message : "Internal Server Error" });
  }
});

fastify.setErrorHandler((error, request, reply) => {
  if (error.validation) {
    // ok: error-leak/js-error-to-response
    return reply.status(400).send({ error: "Bad Request", message: error.message });
  }
  request.log.error(error);
  // ok: error-leak/js-error-to-response
  reply.status(500).send({ error: "Internal Server Error" });
});

api.onError((err, c) => {
  if (err instanceof HTTPException) {
    // ok: error-leak/js-error-to-response
    return err.getResponse();
  }
  console.error(`${err}`);
  // ok: error-leak/js-error-to-response
  return c.text("Custom Error Message", 500);
});

export async function HEAD() {
  try {
    await db.$queryRaw`SELECT 1`;
    return new Response(null, { status: 200 });
  } catch (e) {
    console.error(String(e));
    // ok: error-leak/js-error-to-response
    return NextResponse.json({ error: "Service unavailable" }, { status: 503 });
  }
}

@Controller("projects")
export class ProjectsController {
  @Get(":id")
  async findOne(@Param("id") id: string) {
    const project = await db.project.findUnique({ where: { id } });
    // ok: error-leak/js-error-to-response
    if (!project) throw new NotFoundException(`Project ${id} not found`);
    return project;
  }
}

// Express's own handler (`next(err)`) hides the stack when NODE_ENV is production.
app.get("/api/orders/:id/items", async (req, res, next) => {
  try {
    res.json(await db.item.findMany({ where: { orderId: req.params.id } }));
  } catch (err) {
    // ok: error-leak/js-error-to-response
    next(err);
  }
});

// Browser code shows an error in the page; nothing is sent anywhere.
export function useSaveProfile() {
  return async (profile: unknown) => {
    try {
      await fetch("/api/profile", { method: "PUT", body: JSON.stringify(profile) });
    } catch (err) {
      // ok: error-leak/js-error-to-response
      toast.error((err as Error).message);
    }
  };
}

const accountSchema = { safeParse: (body: unknown) => ({ success: true as boolean, data: body, error: { message: "", issues: [] } }) };
class ConflictError extends Error {}
