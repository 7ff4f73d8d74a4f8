import { z } from "zod";

// zod compiles object parsers with `new Function` when it can, and finds out by trying — which the page's
// Content-Security-Policy (no 'unsafe-eval') reports as a violation. In the browser it parses without
// compiling; the forms' schemas are small, so nothing is lost. Imported first by the root providers.
z.config({ jitless: true });
