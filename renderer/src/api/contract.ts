/**
 * The renderer's one door to the rest of the project: the engine's contract.
 * Every other renderer file imports contract types and helpers from here.
 */
export * from '../../../engine/api';
