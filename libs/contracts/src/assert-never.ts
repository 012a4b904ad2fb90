/** The `never` default of an exhaustive switch: a compile error when a case is missing, a throw if one slips by. */
export function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
