// A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for tests only: it speaks the wire protocol
// the official SDK expects (POST /v1/chat/completions, chat.completion JSON, usage, error bodies), so the real SDK,
// retries and timeouts are exercised end to end. Its answers are scripted, never a model's.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type ScriptedReply =
  | { readonly content: string; readonly delayMs?: number }
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly message?: string }
  | { readonly hang: true };

/** A received request, as the test sees it. */
export interface ReceivedRequest {
  readonly at: number;
  readonly body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    temperature?: number;
    max_tokens?: number;
    max_completion_tokens?: number;
    seed?: number;
  };
  readonly headers: IncomingMessage['headers'];
}

export interface TestModelServer {
  /** Base URL for the SDK, e.g. http://127.0.0.1:PORT/v1 */
  readonly baseURL: string;
  readonly requests: ReceivedRequest[];
  /** Most requests in flight at once so far. */
  readonly maxInFlight: number;
  /** Replaces the script. */
  script(reply: (req: ReceivedRequest, n: number) => ScriptedReply): void;
  close(): Promise<void>;
}

/** Deterministic token count for the usage block: one token per four characters, rounded up. */
export function scriptedTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export async function startTestModelServer(reply: (req: ReceivedRequest, n: number) => ScriptedReply): Promise<TestModelServer> {
  let script = reply;
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        send(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error', code: null, param: null } });
        return;
      }
      const received: ReceivedRequest = { at: performance.now(), body: JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: req.headers };
      requests.push(received);
      const r = script(received, requests.length);
      if ('hang' in r) {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if ('status' in r) {
        send(res, r.status, { error: { message: r.message ?? `scripted ${r.status}`, type: r.status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null, param: null } }, r.headers);
        return;
      }
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const prompt = received.body.messages.map((m) => m.content).join('\n');
      const answer = () => {
        inFlight--;
        const promptTokens = scriptedTokens(prompt);
        const completionTokens = scriptedTokens(r.content);
        send(res, 200, {
          id: `chatcmpl-test-${requests.length}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model: received.body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: r.content, refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
        });
      };
      if (r.delayMs) setTimeout(answer, r.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    script(next) {
      script = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * A scripted trading policy for end-to-end tests, answering from the prompt's own numbers: BUY 90 % of equity split over the universe when RSI(14)
 * is under 40 and the prompt says flat, SELL to flat when RSI(14) is over 60 and long, else HOLD. Deterministic,
 * so two runs over the same bars ask the same questions and get the same answers.
 */
export function rsiPolicy(req: ReceivedRequest): ScriptedReply {
  const user = req.body.messages.find((m) => m.role === 'user')?.content ?? '';
  const symbol = /Symbol: (\S+)/.exec(user)?.[1] ?? '?';
  const rsi = Number(/RSI\(14\) ([\d.]+)/.exec(user)?.[1] ?? NaN);
  const flat = /position flat/.test(user);
  const universe = (/Universe: (.*)/.exec(user)?.[1] ?? symbol).split(',').length;
  const weight = Math.floor((0.9 / universe) * 1000) / 1000;
  const answer = (action: string, size: unknown, why: string) => JSON.stringify({ action, confidence: 0.6, rationale: why, size, symbol });
  if (flat && rsi < 40) return { content: answer('BUY', { kind: 'target_weight', value: weight }, `RSI(14) ${rsi} < 40 while flat`) };
  if (!flat && rsi > 60) return { content: answer('SELL', { kind: 'target_weight', value: 0 }, `RSI(14) ${rsi} > 60 while long`) };
  return { content: answer('HOLD', null, `RSI(14) ${Number.isNaN(rsi) ? 'n/a' : rsi}: no edge`) };
}
