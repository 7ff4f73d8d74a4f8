/** Runs once when the server boots: a bad environment stops the start with a readable message. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { validateServerEnv } = await import("./env");
  validateServerEnv();
}
