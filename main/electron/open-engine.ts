import type { Engine, EngineOptions } from './engine-port';

/**
 * Stand-in for `openEngine` of `engine/engine.ts` until that module lands; then this file
 * becomes `export { openEngine } from '../../engine/engine'`.
 */
export function openEngine(_options: EngineOptions): Engine {
  throw new Error('The engine is not built yet (engine/engine.ts is missing).');
}
