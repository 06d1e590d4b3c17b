import { addDependency, removeDependencies, type Dependency } from '../graph-edit';
import { defineAction, withGraph } from './editor-action';

/** `target` waits for `source`. Refusals (loops, duplicates) are decided before dispatching. */
export const connectAction = defineAction<Dependency>({
  name: 'dependency.add',
  capture: 'immediately',
  perform: (document, dependency) => withGraph(document, addDependency(document.graph, dependency)),
});

export const disconnectAction = defineAction<{ dependencies: Dependency[] }>({
  name: 'dependency.remove',
  capture: 'immediately',
  perform: (document, { dependencies }) => withGraph(document, removeDependencies(document.graph, dependencies)),
});
