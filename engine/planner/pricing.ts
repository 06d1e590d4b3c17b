/** Public list prices in US dollars per million tokens (input, output); used for cost estimates only. */
const GEMINI_PRICES: ReadonlyArray<[prefix: string, input: number, output: number]> = [
  ['gemini-2.5-flash-lite', 0.1, 0.4],
  ['gemini-2.5-flash', 0.3, 2.5],
  ['gemini-2.5-pro', 1.25, 10],
  ['gemini-2.0-flash-lite', 0.075, 0.3],
  ['gemini-2.0-flash', 0.1, 0.4],
  ['gemini-flash-lite', 0.1, 0.4],
  ['gemini-flash', 0.3, 2.5],
];

/** The estimated cost of one Gemini call; unknown models are priced like Flash. */
export function geminiCostUsd(model: string, inputTokens: number, outputTokens: number): number {
  const name = model.replace(/^models\//, '');
  const [, input, output] = GEMINI_PRICES.find(([prefix]) => name.startsWith(prefix)) ?? ['', 0.3, 2.5];
  return (inputTokens * input + outputTokens * output) / 1_000_000;
}
