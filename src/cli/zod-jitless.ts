/**
 * Imported first by the CLI, before any module that parses with zod at load time (the bundled rules). zod
 * generates a fast path with `new Function` the first time each object schema parses; a CLI run parses most
 * schemas a few times, so generating that code costs more than it saves (about 20 ms of start-up).
 */
import { z } from "../core/zod.js";

z.config({ jitless: true });
