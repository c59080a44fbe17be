/**
 * Type checking at the prompt (`--typecheck`, `.type EXPR`), loaded on first use only.
 */
export async function check(_code: string, _filename: string, _color: boolean, _accepted: readonly string[]): Promise<string | undefined> {
  return undefined;
}

export async function typeOf(expr: string, _color: boolean, _accepted: readonly string[]): Promise<string> {
  return `(types not available yet for ${expr})`;
}
