import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseSignalCsv } from './signal-file.ts';
import { signalsStrategy } from './signals.ts';
import { barsFromCloses, mergeBars, readDailyBars, runStrategy } from './test-harness.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/signals-spy.csv', import.meta.url));
const HEADER = 'timestamp,symbol,side,quantity,type,limit_price,stop_price,stop_loss,take_profit';
const universe = ['QQQ', 'SPY'];

describe('signals file', () => {
  test('parses rows into signals, with defaults for empty optional fields', () => {
    const rows = parseSignalCsv(`${HEADER}\n2020-01-02,SPY,buy,10,,,,95,110\n2020-01-03T14:30:00Z,QQQ,sell,2.5,limit,101.5,,,\n`, 'x.csv', universe);
    expect(rows.map((r) => [r.line, r.ts, r.symbolIndex])).toEqual([
      [2, Date.UTC(2020, 0, 2), 1],
      [3, Date.UTC(2020, 0, 3, 14, 30), 0],
    ]);
    expect(rows[0].signal).toMatchObject({ action: 'BUY', size: { kind: 'quantity', value: 10 }, orderType: 'market', stopLoss: 95, takeProfit: 110 });
    expect(rows[1].signal).toMatchObject({ action: 'SELL', size: { kind: 'quantity', value: 2.5 }, orderType: 'limit', limitPrice: 101.5 });
  });

  test('accepts a header with only the required columns, in any order', () => {
    expect(parseSignalCsv('symbol,timestamp,quantity,side\nSPY,2020-01-02,1,sell\n', 'x.csv', universe)[0].signal).toMatchObject({ action: 'SELL', orderType: 'market' });
  });

  const ok = '2020-01-02,SPY,buy,10,market,,,,';
  test.each([
    { name: 'bad side', row: '2020-01-03,SPY,hold,10,market,,,,', want: 'x.csv line 3, field side: expected buy or sell, got "hold"' },
    { name: 'bad number', row: '2020-01-03,SPY,buy,ten,market,,,,', want: 'x.csv line 3, field quantity: expected a positive number of shares, got "ten"' },
    { name: 'zero quantity', row: '2020-01-03,SPY,buy,0,market,,,,', want: 'line 3, field quantity' },
    { name: 'bad price', row: '2020-01-03,SPY,buy,1,limit,-3,,,', want: 'x.csv line 3, field limit_price: expected a positive price or empty, got "-3"' },
    { name: 'limit without a price', row: '2020-01-03,SPY,buy,1,limit,,,,', want: 'x.csv line 3, field limit_price: expected a limit price for a limit order, got ""' },
    { name: 'bad type', row: '2020-01-03,SPY,buy,1,moc,,,,', want: 'x.csv line 3, field type: expected one of market, limit, stop, stop_limit or empty, got "moc"' },
    { name: 'bad timestamp', row: '2020-13-45,SPY,buy,1,,,,,', want: 'x.csv line 3, field timestamp: expected a YYYY-MM-DD date or an ISO-8601 timestamp, got "2020-13-45"' },
    { name: 'unknown symbol', row: '2020-01-03,IBM,buy,1,,,,,', want: 'x.csv line 3, field symbol: expected a symbol of the universe (QQQ, SPY), got "IBM"' },
    { name: 'out of order', row: '2020-01-01,SPY,buy,1,,,,,', want: "x.csv line 3, field timestamp: expected a time at or after line 2's 2020-01-02 (rows must be in time order), got \"2020-01-01\"" },
    { name: 'impossible date', row: '2020-02-31,SPY,buy,1,,,,,', want: 'x.csv line 3, field timestamp: expected a YYYY-MM-DD date or an ISO-8601 timestamp, got "2020-02-31"' },
    { name: 'missing column', row: '2020-01-03,SPY,buy,1', want: /^x\.csv: not a valid CSV: .*line 3/ },
    { name: 'take-profit under a buy’s stop-loss', row: '2020-01-03,SPY,buy,10,market,,,90,80', want: 'x.csv line 3, field take_profit: expected a take-profit above the stop-loss 90 (a buy\'s bracket), got "80"' },
    { name: 'take-profit over a sell’s stop-loss', row: '2020-01-03,SPY,sell,10,market,,,90,95', want: 'x.csv line 3, field take_profit: expected a take-profit below the stop-loss 90 (a sell\'s bracket), got "95"' },
    { name: 'stop-loss above a buy limit', row: '2020-01-03,SPY,buy,10,limit,100,,101,', want: 'x.csv line 3, field stop_loss: expected a stop-loss below the entry\'s limit price 100 (a buy\'s bracket), got "101"' },
    { name: 'take-profit under a buy stop', row: '2020-01-03,SPY,buy,10,stop,,110,,105', want: 'x.csv line 3, field take_profit: expected a take-profit above the entry\'s stop price 110 (a buy\'s bracket), got "105"' },
  ])('$name: the error names file, line and field', ({ row, want }) => {
    expect(() => parseSignalCsv(`${HEADER}\n${ok}\n${row}\n`, 'x.csv', universe)).toThrow(want);
  });

  test.each([
    { name: 'no header', text: `${ok}\n`, want: 'x.csv line 1: bad header' },
    { name: 'unknown column', text: 'timestamp,symbol,side,quantity,note\n', want: 'x.csv line 1: bad header' },
    { name: 'empty file', text: '', want: 'x.csv: empty file' },
  ])('$name is refused', ({ text, want }) => {
    expect(() => parseSignalCsv(text, 'x.csv', universe)).toThrow(want);
  });

  test('an optional time_in_force column: day or gtc, empty or absent is gtc', () => {
    const rows = parseSignalCsv(`${HEADER},time_in_force\n2020-01-02,SPY,buy,1,limit,100,,,,day\n2020-01-03,SPY,buy,1,limit,100,,,,\n2020-01-06,SPY,sell,1,,,,,,gtc\n`, 'x.csv', universe);
    expect(rows.map((r) => r.signal.timeInForce)).toEqual(['day', 'gtc', 'gtc']);
    expect(parseSignalCsv(`${HEADER}\n${ok}\n`, 'x.csv', universe)[0].signal.timeInForce).toBe('gtc');
    expect(() => parseSignalCsv(`${HEADER},time_in_force\n2020-01-02,SPY,buy,1,limit,100,,,,ioc\n`, 'x.csv', universe)).toThrow('x.csv line 2, field time_in_force: expected one of day, gtc or empty (gtc), got "ioc"');
  });

  test('brackets on the right sides are kept', () => {
    const rows = parseSignalCsv(`${HEADER}\n2020-01-02,SPY,buy,1,limit,100,,95,105\n2020-01-03,SPY,sell,1,stop,,90,92,80\n2020-01-06,SPY,buy,1,stop_limit,115,113,112,116\n`, 'x.csv', universe);
    expect(rows.map((r) => [r.signal.stopLoss, r.signal.takeProfit])).toEqual([
      [95, 105],
      [92, 80],
      [112, 116],
    ]);
  });

  test('counts lines in the file, blank lines included', () => {
    expect(parseSignalCsv(`${HEADER}\n\n${ok}\n`, 'x.csv', universe)[0].line).toBe(3);
  });
});

describe('signals strategy', () => {
  const env = { universe, timeframe: '1Day' } as const;

  test('create reads and validates the file, naming it in errors', () => {
    expect(() => signalsStrategy.create({}, env)).toThrow('signals: param file is required: expected a path to a signals CSV file');
    expect(() => signalsStrategy.create({ file: '/nonexistent/x.csv' }, env)).toThrow('cannot read signals file /nonexistent/x.csv: no such file');
    expect(() => signalsStrategy.create({ file: import.meta.dirname }, env)).toThrow(`cannot read signals file ${import.meta.dirname}: it is a folder, not a file`);
    expect(() => signalsStrategy.inputs!({ file: import.meta.dirname })).toThrow(`cannot read signals file ${import.meta.dirname}: it is a folder, not a file`);
  });

  test('emits each row at the close of its bar and reports the rows never matched', async () => {
    const strategy = signalsStrategy.create({ file: FIXTURE }, env);
    const bars = mergeBars(universe, readDailyBars('QQQ'), readDailyBars('SPY'));
    const run = await runStrategy(strategy, bars, universe);
    expect(run.emitted.map((e) => [new Date(e.ts).toISOString().slice(0, 10), e.signal.symbol, e.signal.action, e.signal.orderType])).toEqual([
      ['1998-02-02', 'SPY', 'BUY', 'market'],
      ['1998-06-01', 'SPY', 'SELL', 'market'],
      ['1999-01-04', 'SPY', 'BUY', 'limit'],
      ['1999-01-04', 'SPY', 'BUY', 'market'],
      ['2000-01-03', 'SPY', 'SELL', 'stop'],
      ['2021-03-31', 'SPY', 'SELL', 'stop_limit'],
    ]);
    expect(strategy.unmatched().map((r) => r.line)).toEqual([6]); // 1999-03-06 is a Saturday
  });

  test('a row matches only a bar of its own symbol', async () => {
    const file = fileURLToPath(new URL('./fixtures/signals-qqq-gap.csv', import.meta.url));
    const strategy = signalsStrategy.create({ file }, env);
    // QQQ has no bar on day 1; SPY does. The QQQ row for day 1 never fires, the day-2 row does.
    const bars = mergeBars(universe, barsFromCloses('SPY', [1, 2, 3]), barsFromCloses('QQQ', [5, 6], Date.UTC(2020, 0, 2)).slice(1));
    const run = await runStrategy(strategy, bars, universe);
    expect(run.emitted.map((e) => e.signal.rationale)).toEqual([`${file} line 3`]);
    expect(strategy.unmatched().map((r) => r.line)).toEqual([2]);
  });
});
