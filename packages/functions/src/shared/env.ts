/** A setting the stack always sets; its absence is a deployment error, said plainly. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/**
 * vigil.config.ts as the deploy compiled it into the bundle (stacks/config.ts defines `process.env.VIGIL_CONFIG`
 * at build time; tests set the variable). Missing, the function was built outside the stacks: said plainly, never
 * read as an empty configuration.
 */
export function bundledConfig(): unknown {
  const text = process.env.VIGIL_CONFIG;
  if (!text) throw new Error("VIGIL_CONFIG is not in the bundle: deploy with the stacks (npx sst deploy)");
  return JSON.parse(text);
}
