// The config module's public API plus a strict variable lookup for tests.
import { findVariable, type Variable } from '../../../main/core/config/index.js';

export * from '../../../main/core/config/index.js';

export function getVariable(path: string): Variable {
  const variable = findVariable(path);
  if (!variable) throw new Error(`no variable ${path}`);
  return variable;
}
