import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../main/cli/program';

const planFile = {
  version: 1,
  title: 'סיכום דצמבר ללקוח X',
  request: 'summarize what we did in December for client X',
  steps: [
    { id: 'fetch', title: 'Fetch notes', agent: 'files.search', input: { query: 'december' } },
    { id: 'summarize', title: 'Summarize', agent: 'llm.summarize', input: { text: '{{steps.fetch.output.text}}' }, dependsOn: ['fetch'] },
  ],
};

describe('tizmor CLI', () => {
  let dir: string;
  let out: string;
  let err: string;
  const cli = async (...argv: string[]) => {
    out = '';
    err = '';
    return runCli(['--data-dir', join(dir, 'data'), ...argv], {
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      env: {},
    });
  };
  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const onlyPlanId = async () => {
    await cli('plans', 'list', '--json');
    return (JSON.parse(out) as { id: string }[])[0]!.id;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tizmor-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('imports, lists, shows and exports a plan', async () => {
    expect(await cli('plans', 'import', write('plan.json', planFile))).toBe(EXIT.ok);
    expect(out).toMatch(/Imported "סיכום דצמבר ללקוח X"/);
    const id = await onlyPlanId();

    expect(await cli('plans', 'list')).toBe(EXIT.ok);
    expect(out).toContain(id);
    expect(out).toMatch(/סיכום דצמבר ללקוח X\s+2\s+v1/);

    expect(await cli('plans', 'show', id)).toBe(EXIT.ok);
    expect(out).toContain('summarize: Summarize [llm.summarize]  ← waits for fetch');

    expect(await cli('plans', 'versions', id)).toBe(EXIT.ok);
    expect(out).toMatch(/v1\s+user\s+2/);

    const target = join(dir, 'out.json');
    expect(await cli('plans', 'export', id, '--version', '1', '--out', target)).toBe(EXIT.ok);
    const exported = JSON.parse(readFileSync(target, 'utf8'));
    expect(exported).toEqual({ ...planFile, steps: planFile.steps.map((step) => ({ dependsOn: [], ...step })) });
  });

  it('validates a file and exits 2 with the reason on stderr when it is bad', async () => {
    expect(await cli('validate', write('ok.json', planFile))).toBe(EXIT.ok);
    expect(out).toContain('valid plan');

    const cyclic = { ...planFile, steps: [{ ...planFile.steps[0], dependsOn: ['summarize'] }, planFile.steps[1]] };
    expect(await cli('validate', write('cycle.json', cyclic))).toBe(EXIT.badInput);
    expect(err).toMatch(/circle.*fetch/);

    expect(await cli('validate', write('broken.json', '{"version": 1, "title"'))).toBe(EXIT.badInput);
    expect(err).toMatch(/not valid JSON/);

    expect(await cli('validate', write('v2.json', { ...planFile, version: 2 }))).toBe(EXIT.badInput);
    expect(err).toMatch(/version/);

    expect(await cli('validate', join(dir, 'missing.json'))).toBe(EXIT.badInput);
    expect(err).toMatch(/Cannot read .*ENOENT/);
  });

  it('exits 2 for unknown commands, unknown plans and bad versions', async () => {
    expect(await cli('plans', 'fly')).toBe(EXIT.badInput);
    expect(await cli('plans', 'show', 'nope')).toBe(EXIT.badInput);
    expect(err).toMatch(/no plan with id "nope"/);
    await cli('plans', 'import', write('plan.json', planFile));
    const id = await onlyPlanId();
    expect(await cli('plans', 'show', id, '--version', '9')).toBe(EXIT.badInput);
    expect(err).toMatch(/no version 9/);
    expect(await cli('plans', 'export', id, '--version', 'x')).toBe(EXIT.badInput);
  });

  it('scopes commands to a workspace', async () => {
    expect(await cli('workspaces', 'create', 'Client Y')).toBe(EXIT.ok);
    expect(await cli('--workspace', 'Client Y', 'plans', 'import', write('plan.json', planFile))).toBe(EXIT.ok);
    expect(await cli('plans', 'list')).toBe(EXIT.ok);
    expect(out).toContain('No plans in this workspace yet.');
    expect(await cli('--workspace', 'Client Y', 'plans', 'list', '--json')).toBe(EXIT.ok);
    expect(JSON.parse(out)).toHaveLength(1);
    expect(await cli('--workspace', 'Nowhere', 'plans', 'list')).toBe(EXIT.badInput);
  });

  it('prints its version', async () => {
    expect(await runCli(['--version'], { stdout: (text) => (out = text), stderr: () => undefined, env: {} })).toBe(EXIT.ok);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('built entry points', () => {
  const root = process.cwd();
  const built = existsSync(join(root, 'out/main/cli.js')) && existsSync(join(root, 'out/main/server.js'));

  it('has been built (npm test builds before it tests)', () => {
    expect(built, 'run `npm run build` first').toBe(true);
  });

  it('bin/tizmor.mjs runs the built CLI with the documented exit codes', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tizmor-bin-'));
    try {
      const ok = spawnSync(process.execPath, ['bin/tizmor.mjs', '--data-dir', dataDir, 'plans', 'list'], { cwd: root, encoding: 'utf8' });
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain('No plans in this workspace yet.');
      const bad = spawnSync(process.execPath, ['bin/tizmor.mjs', 'validate', join(dataDir, 'none.json')], { cwd: root, encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('Cannot read');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the server prints the ready line first and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tizmor-srv-'));
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['out/main/server.js', '--port', '0', '--data-dir', dataDir], { cwd: root });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('\n')) resolve(text.split('\n')[0]!);
        });
        child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      expect(firstLine).toMatch(/^Tizmor ready at http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the server exits 2 on a bad port', () => {
    const result = spawnSync(process.execPath, ['out/main/server.js', '--port', 'abc'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--port/);
  });
});

describe('tizmor plans diff', () => {
  it('prints what changed between two versions, readable and as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tizmor-cli-diff-'));
    let out = '';
    let err = '';
    const cli = (...argv: string[]) =>
      runCli(['--data-dir', join(dir, 'data'), ...argv], { stdout: (text) => (out += text), stderr: (text) => (err += text), env: {} });
    try {
      const first = join(dir, 'v1.json');
      writeFileSync(first, JSON.stringify(planFile));
      expect(await cli('plans', 'import', first)).toBe(EXIT.ok);
      out = '';
      await cli('plans', 'list', '--json');
      const id = (JSON.parse(out) as { id: string }[])[0]!.id;
      const { openEngine } = await import('../../engine/engine');
      const { createDirectClient } = await import('../../engine/rpc/direct-transport');
      const engine = openEngine({ dataDir: join(dir, 'data'), host: 'test', appVersion: '0' });
      const client = createDirectClient(engine);
      const { defaultWorkspaceId: workspaceId } = await client.system.status({});
      const { version } = await client.plans.get({ workspaceId, planId: id });
      const steps = version.graph.steps.map((step) => (step.id === 'fetch' ? { ...step, input: { query: 'november' } } : step));
      await client.plans.saveVersion({ workspaceId, planId: id, graph: { ...version.graph, steps }, message: 'November' });
      engine.close();
      out = '';
      expect(await cli('plans', 'diff', id, '1', '2')).toBe(EXIT.ok);
      expect(out).toContain('0 added, 0 removed, 1 changed');
      expect(out).toContain('input.query: "december" → "november"');
      out = '';
      expect(await cli('plans', 'diff', id, '1', '2', '--json')).toBe(EXIT.ok);
      expect(JSON.parse(out).stepsChanged[0].changes[0]).toEqual({ path: 'input.query', before: 'december', after: 'november' });
      expect(await cli('plans', 'diff', id, '1', 'x')).toBe(EXIT.badInput);
      expect(await cli('plans', 'diff', id, '1', '7')).toBe(EXIT.badInput);
      expect(err).toMatch(/no version 7/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
