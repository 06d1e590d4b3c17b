import { it } from 'vitest';
import { validateGraph } from '../../../engine/plan/validate-graph';
import { topologicalOrder } from '../../../engine/plan/graph-analysis';
import { planFileName, parsePlanFile, serializePlanFile } from '../../../engine/plan/plan-file-io';
import { makeGraph, makeStep } from '../../helpers/builders';
it('probe', () => {
  console.log(JSON.stringify(validateGraph(makeGraph([makeStep('a'), makeStep('a')]))));
  console.log(JSON.stringify(validateGraph(makeGraph({ a: ['a', 'b'], b: ['a'] }))));
  console.log(JSON.stringify(topologicalOrder(makeGraph({ a: ['c'], b: ['a'], c: ['b'], d: ['c'] }).steps)));
  console.log(JSON.stringify(topologicalOrder(makeGraph({ d: ['c'], a: ['c'], b: ['a'], c: ['b'] }).steps)));
  console.log(planFileName('שָׁלוֹם עולם', 1), planFileName('नमस्ते दुनिया', 2), planFileName('תוכנית שיווק 2025', 3));
  console.log(planFileName('a'.repeat(79) + ' b', 1));
  console.log(JSON.stringify(validateGraph(makeGraph({ a: ['b', 'b'], b: [] }))));
  console.log(JSON.stringify(validateGraph(makeGraph([makeStep('a'), makeStep('a', {dependsOn:['a']})]))));
  try { parsePlanFile(JSON.stringify({version:1,title:'x',steps:[makeStep('a'), makeStep('a')]})) } catch (e) { console.log((e as Error).message, JSON.stringify((e as any).details)); }
  const s = serializePlanFile({ title: 'x', request: '' }, makeGraph({a: []}));
  console.log(JSON.stringify(parsePlanFile(s)));
});
