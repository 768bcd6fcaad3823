/**
 * The project's zod: zod/mini, whose functional API lets a bundle keep only the parts it uses (the classic API
 * puts every method on every schema, which cost the CLI's start-up about 20 ms of building schemas), with zod's
 * English error messages, which zod/mini does not load by itself. Every module imports `z` from here.
 */
import * as z from "zod/mini";

z.config(z.locales.en());

export { z };
