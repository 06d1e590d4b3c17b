import { describe, expect, it } from 'vitest';
import { changedSettings, plannerValuesOf } from './planner-settings-model';

describe('planner settings', () => {
  it('reads the workspace settings, offline unless a known provider is set', () => {
    expect(plannerValuesOf({})).toEqual({ provider: 'offline', geminiModel: '', geminiBaseUrl: '', openaiModel: '', openaiBaseUrl: '' });
    expect(plannerValuesOf({ 'planner.provider': 'claude' }).provider).toBe('offline');
    expect(plannerValuesOf({ 'planner.provider': 'openai', 'planner.openai.model': 'llama3.1', 'planner.openai.baseUrl': 7 })).toMatchObject({
      provider: 'openai',
      openaiModel: 'llama3.1',
      openaiBaseUrl: '',
    });
  });

  it('writes only what changed, trimmed', () => {
    const before = plannerValuesOf({ 'planner.provider': 'gemini', 'planner.gemini.model': 'gemini-2.5-flash' });
    expect(changedSettings(before, { ...before, geminiModel: ' gemini-2.5-flash ' })).toEqual([]);
    expect(changedSettings(before, { ...before, provider: 'offline', geminiBaseUrl: ' http://127.0.0.1:9 ' })).toEqual([
      { key: 'planner.provider', value: 'offline' },
      { key: 'planner.gemini.baseUrl', value: 'http://127.0.0.1:9' },
    ]);
  });
});
