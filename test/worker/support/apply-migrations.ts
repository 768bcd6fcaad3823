/** Applies migrations/ to the test D1 database before the Workers tests run (setup file of the workers project). */
import { applyD1Migrations, env } from "cloudflare:test";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
