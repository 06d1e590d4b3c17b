import type { Command } from 'commander';
import { PlannerProvider, TizmorError, type GeneratedPlan, type TizmorClient, type Workspace } from '../../engine/api';
import { environmentSecrets } from '../../engine/core/secrets';
import { openEngine, type Engine, type EngineOptions } from '../../engine/engine';
import { serializePlanFile } from '../../engine/plan/plan-file-io';
import { createDirectClient } from '../../engine/rpc/direct-transport';
import { APP_VERSION } from '../shared/app-version';
import { resolveDataDir } from '../shared/data-dir';
import { EXIT, type CliIo, type ExitCode, type GlobalOptions } from './session';

/** What `tizmor plan` needs from the program around it. */
export interface PlanCommandDeps {
  io: CliIo;
  /** The program's --data-dir and --workspace. */
  globals: () => GlobalOptions;
  /** Where the command's exit code goes (the CLI session's `exitCode`). */
  setExitCode: (code: ExitCode) => void;
  /** Opens the engine; `openEngine` by default (tests pass their own options through it). */
  openEngine?: (options: EngineOptions) => Engine;
}

interface PlanOptions {
  provider?: string;
  model?: string;
  baseUrl?: string;
  json?: boolean;
  save?: boolean;
}

function readable(result: GeneratedPlan, saved: boolean): string {
  const { plan, version } = result;
  const lines = [`${plan.title}`, `${version.message}`, ''];
  const order = new Map(version.graph.steps.map((step, index) => [step.id, index + 1]));
  for (const step of version.graph.steps) {
    const waits = step.dependsOn.length > 0 ? `  ← after ${step.dependsOn.map((id) => `${order.get(id) ?? '?'}. ${id}`).join(', ')}` : '';
    lines.push(`${order.get(step.id)}. ${step.id}: ${step.title} [${step.agent}]${waits}`);
    for (const [key, value] of Object.entries(step.input)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const short = text.length > 100 ? `${text.slice(0, 97)}…` : text;
      lines.push(`     ${key}: ${short.replace(/\n/g, '⏎')}`);
    }
  }
  lines.push('');
  if (result.tokens > 0) lines.push(`${result.tokens} tokens (${result.provider}${result.model ? `, ${result.model}` : ''}).`);
  lines.push(saved ? `Saved as plan ${plan.id}, version ${version.number}.` : 'Not saved: add --save to keep it as a plan.');
  return `${lines.join('\n')}\n`;
}

async function workspaceOf(api: TizmorClient, wanted: string | undefined): Promise<Workspace> {
  const all = await api.workspaces.list({});
  const found = wanted ? all.find((item) => item.id === wanted || item.name === wanted) : all.find((item) => item.isDefault);
  if (!found) throw new TizmorError('bad_input', `There is no workspace "${wanted}". Workspaces: ${all.map((item) => item.name).join(', ')}.`);
  return found;
}

/** The --provider and --base-url of a planner command, checked. */
function checkedOptions(options: { provider?: string; baseUrl?: string }): PlannerProvider | undefined {
  const provider = options.provider === undefined ? undefined : PlannerProvider.safeParse(options.provider);
  if (provider && !provider.success) throw new TizmorError('bad_input', `--provider must be offline, gemini or openai, not "${options.provider}".`);
  if (options.baseUrl !== undefined && !/^https?:\/\/\S+$/i.test(options.baseUrl)) {
    throw new TizmorError('bad_input', `--base-url must be an http:// or https:// address, not "${options.baseUrl}".`);
  }
  return provider?.data;
}

/** The engine for a planner command: keys from the environment, --base-url over the workspace setting. */
function openPlannerEngine(deps: PlanCommandDeps, baseUrl: string | undefined): Engine {
  const { io } = deps;
  return (deps.openEngine ?? openEngine)({
    dataDir: resolveDataDir(deps.globals().dataDir, io.env),
    host: 'cli',
    appVersion: APP_VERSION,
    log: (line) => io.stderr(`${line}\n`),
    secrets: environmentSecrets(io.env),
    planner: baseUrl ? { baseUrls: { gemini: baseUrl, openai: baseUrl } } : {},
  });
}

/**
 * `tizmor plan "REQUEST" [--provider offline|gemini|openai] [--model M] [--base-url URL] [--json] [--save]`:
 * makes a plan from a request and prints it (the plan file format with --json). Exit 0 with a
 * valid plan, 2 when no valid plan could be made. Progress and warnings go to standard error.
 */
export function registerPlanCommand(program: Command, deps: PlanCommandDeps): void {
  const { io } = deps;
  program
    .command('plan <request>')
    .description('turn a request (English or Hebrew) into a plan and print it; exits 2 if no valid plan could be made')
    .option('--provider <name>', 'offline, gemini or openai (default: the workspace setting, else offline)')
    .option('--model <id>', 'the model (default: the workspace setting; gemini-2.5-flash for Gemini)')
    .option('--base-url <url>', "the provider's address (an OpenAI-compatible server such as http://127.0.0.1:11434/v1)")
    .option('--json', 'print the plan file (docs/plan-format.md) instead of readable steps')
    .option('--save', 'keep the plan in the workspace (version 1, author planner)')
    .addHelpText('after', '\nKeys come from GEMINI_API_KEY and OPENAI_API_KEY (the desktop app keeps them in the system keychain).')
    .action(async (request: string, options: PlanOptions) => {
      const provider = checkedOptions(options);
      const globals = deps.globals();
      const engine = openPlannerEngine(deps, options.baseUrl);
      const stopListening = engine.onEvent((event) => {
        if (event.event === 'plan.generating' && event.payload.phase === 'retrying' && event.payload.message) io.stderr(`${event.payload.message}\n`);
      });
      try {
        const api = createDirectClient(engine);
        const workspace = await workspaceOf(api, globals.workspace);
        let result: GeneratedPlan;
        try {
          result = await api.plans.generate({ workspaceId: workspace.id, request, provider, model: options.model });
        } catch (error) {
          if (!(error instanceof TizmorError)) throw error;
          io.stderr(`tizmor: no valid plan: ${error.message}\n`);
          deps.setExitCode(EXIT.badInput);
          return;
        }
        // The contract always keeps a generated plan; without --save this command takes it back.
        if (!options.save) await api.plans.delete({ workspaceId: workspace.id, planId: result.plan.id });
        for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
        if (options.json) io.stdout(serializePlanFile(result.plan, result.version.graph));
        else io.stdout(readable(result, Boolean(options.save)));
        deps.setExitCode(EXIT.ok);
      } finally {
        stopListening();
        engine.close();
      }
    });

  program
    .command('planner')
    .description('the planner: check its connection')
    .command('test')
    .description("send the planner's provider one tiny request and say whether it answers; exits 1 if not")
    .option('--provider <name>', 'offline, gemini or openai (default: the workspace setting, else offline)')
    .option('--model <id>', 'the model (default: the workspace setting)')
    .option('--base-url <url>', "the provider's address (default: the workspace setting)")
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nKeys come from GEMINI_API_KEY and OPENAI_API_KEY.')
    .action(async (options: Omit<PlanOptions, 'save'>) => {
      const wanted = checkedOptions(options);
      const engine = openPlannerEngine(deps, undefined);
      try {
        const api = createDirectClient(engine);
        const workspace = await workspaceOf(api, deps.globals().workspace);
        const settings = await api.settings.get({ workspaceId: workspace.id });
        const configured = PlannerProvider.safeParse(settings['planner.provider']);
        const provider = wanted ?? (configured.success ? configured.data : 'offline');
        const result = await api.planner.testConnection({ workspaceId: workspace.id, provider, model: options.model, baseUrl: options.baseUrl });
        if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
        else if (result.ok) io.stdout(`ok: ${result.message}\n`);
        if (!result.ok && !options.json) io.stderr(`tizmor: ${result.message}\n`);
        deps.setExitCode(result.ok ? EXIT.ok : EXIT.failure);
      } finally {
        engine.close();
      }
    });
}
