import { Hono } from 'hono';
import { z } from 'zod';
import { IMPORT_FORMATS, parseBars, type ParsedBars } from '../../../data/index.ts';
import { TIMEFRAMES, type Timeframe } from '../../../engine/index.ts';
import { arrowResponse, wantsArrow } from '../arrow.ts';
import { noteAudit, requirePrincipal, type AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { RouteDoc } from '../route-doc.ts';
import { intParam, parseInput, query, timeParam, timeUpperParam } from '../validate.ts';

const timeframe = z.enum(TIMEFRAMES as [Timeframe, ...Timeframe[]]);
const symbol = z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z0-9.\-]{1,16}$/, 'symbols are 1-16 of A-Z 0-9 . -'));

export const BarsQuerySchema = z
  .object({
    symbol,
    timeframe: timeframe.default('1Day'),
    from: timeParam.optional(),
    to: timeUpperParam.optional(),
    limit: intParam(1, 1_000_000).optional(),
  })
  .strict();

export const ImportFieldsSchema = z
  .object({
    symbol,
    timeframe: timeframe.default('1Day'),
    format: z.enum(IMPORT_FORMATS).default('auto'),
    adjusted: z.enum(['true', 'false']).default('false'),
    /** Name of the uploaded file for a raw body (format detection and messages). */
    filename: z.string().min(1).max(200).regex(/^[^/\\\0]+$/, 'a file name without folders').optional(),
  })
  .strict();

export const IMPORT_PATH = '/api/market-data/import';
const RAW_TYPES = ['text/csv', 'text/plain', 'application/zip', 'application/octet-stream'];

export const marketDataDocs: RouteDoc[] = [
  { method: 'get', path: '/api/market-data/symbols', summary: 'Stored series: symbol, timeframe, first and last bar, count.', role: 'viewer', response: '{series:[{symbol, timeframe, firstTs, lastTs, count}]}' },
  { method: 'get', path: '/api/market-data/bars', summary: 'Bars of one series, columnar JSON or Arrow (ts, open, high, low, close, volume).', role: 'viewer', query: BarsQuerySchema, arrow: true, response: '{symbol, timeframe, length, truncated, ts[], open[], high[], low[], close[], volume[]}' },
  {
    method: 'post',
    path: IMPORT_PATH,
    summary: 'Import bar files, all or none (multipart fields symbol, timeframe, format, adjusted + file parts; or a raw body with those as query parameters and filename).',
    role: 'operator',
    query: ImportFieldsSchema,
    bodyTypes: ['multipart/form-data', ...RAW_TYPES],
    response: 'ImportReport; 400 import_refused {file, line, reason}',
  },
];

/** Market data: what is stored, bars as JSON or Arrow, and uploads through the CLI's importers. */
export function marketDataRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/api/market-data/symbols', async (c) => c.json({ series: await c.get('deps').store.listSeries() }));

  app.get('/api/market-data/bars', async (c) => {
    const q = query(c, BarsQuerySchema);
    const arrow = wantsArrow(c);
    const bars = await c.get('deps').store.readBars({ symbol: q.symbol, timeframe: q.timeframe, from: q.from, to: q.to, limit: q.limit ?? (arrow ? 100_000_000 : 10_000) });
    // No bars at all may be a period without any, or a series the store does not have: that one is named.
    if (bars.length === 0) {
      const series = await c.get('deps').store.listSeries();
      if (!series.some((s) => s.symbol === q.symbol && s.timeframe === q.timeframe)) {
        const other = series.filter((s) => s.symbol === q.symbol).map((s) => s.timeframe);
        throw new ApiError('not_found', `no ${q.timeframe} bars for ${q.symbol}${other.length > 0 ? `; it is stored as ${other.join(', ')}` : ': the store has no such symbol (GET /api/market-data/symbols lists them)'}`);
      }
    }
    const { ts, open, high, low, close, volume } = bars;
    if (arrow) {
      c.header('x-truncated', String(bars.truncated));
      return arrowResponse(c, { ts, open, high, low, close, volume }, bars.length);
    }
    return c.json({ symbol: bars.symbol, timeframe: bars.timeframe, length: bars.length, truncated: bars.truncated, ts: [...ts], open: [...open], high: [...high], low: [...low], close: [...close], volume: [...volume] });
  });

  app.post(IMPORT_PATH, async (c) => {
    const p = requirePrincipal(c, 'operator');
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    const files: { name: string; content: Uint8Array }[] = [];
    let fields: z.output<typeof ImportFieldsSchema>;
    if (type.startsWith('multipart/form-data')) {
      if (Object.keys(c.req.queries()).length > 0) throw new ApiError('invalid_request', 'a multipart import takes its options as form fields, not query parameters', { issues: [{ path: 'query', message: 'not allowed with multipart' }] });
      const form = await c.req.parseBody({ all: true });
      const { file, ...rest } = form;
      const parts = file === undefined ? [] : Array.isArray(file) ? file : [file];
      fields = parseInput(ImportFieldsSchema.omit({ filename: true }), single(rest), 'body') as z.output<typeof ImportFieldsSchema>;
      for (const part of parts) {
        if (!(part instanceof File)) throw new ApiError('invalid_request', 'invalid body: file: expected a file part', { issues: [{ path: 'file', message: 'expected a file part' }] });
        files.push({ name: safeName(part.name), content: new Uint8Array(await part.arrayBuffer()) });
      }
    } else if (RAW_TYPES.some((t) => type.startsWith(t))) {
      fields = query(c, ImportFieldsSchema);
      files.push({ name: fields.filename ?? `${fields.symbol}.${type.startsWith('application/zip') ? 'zip' : 'csv'}`, content: new Uint8Array(await c.req.arrayBuffer()) });
    } else throw new ApiError('unsupported_media_type', `send multipart/form-data or one of ${RAW_TYPES.join(', ')}, got ${type ? JSON.stringify(type) : 'none'}`);
    if (files.length === 0) throw new ApiError('invalid_request', 'invalid body: file: no file was uploaded', { issues: [{ path: 'file', message: 'required' }] });
    if (files.length > 400) throw new ApiError('invalid_request', 'invalid body: file: at most 400 files per import', { issues: [{ path: 'file', message: 'at most 400 files' }] });
    noteAudit(c, { detail: { symbol: fields.symbol, timeframe: fields.timeframe, files: files.map((f) => f.name) } });
    // Every file is parsed before anything is written: one bad row refuses the whole import.
    const parsed: ParsedBars[] = files.map((f) => parseBars(f.name, f.content, { symbol: fields.symbol, timeframe: fields.timeframe, format: fields.format, adjusted: fields.adjusted === 'true' }));
    const report = await c.get('deps').store.importBars(parsed, { actor: p.name });
    return c.json(report);
  });
  return app;
}

function single(form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) out[k] = Array.isArray(v) && v.length === 1 ? v[0] : v;
  return out;
}

/** The last path segment of an uploaded file's name, printable characters only. */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^\w.\- ]/g, '_').slice(0, 200);
  return clean === '' ? 'upload' : clean;
}
