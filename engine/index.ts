// The engine's public surface. Other folders import from here only.
export * from './domain/bar.ts';
export * from './domain/time.ts';
export * from './domain/signal.ts';
export * from './domain/order.ts';
export * from './feed/feed.ts';
export * from './feed/memory-feed.ts';
export * from './strategy/strategy.ts';
export * from './risk/risk-rule.ts';
export * from './journal/journal.ts';
export * from './journal/chain.ts';
export * from './journal/memory-journal.ts';
export * from './loop/clock.ts';
