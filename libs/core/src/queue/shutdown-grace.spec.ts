import { closeOnSignals } from './shutdown-grace';

describe('closeOnSignals', () => {
  const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
  let listeners: Map<string, () => void>;
  const on = (signal: NodeJS.Signals, listener: () => void) => listeners.set(signal, listener);

  beforeEach(() => {
    jest.useFakeTimers();
    listeners = new Map();
  });
  afterEach(() => jest.useRealTimers());

  it('exits once the app has closed, without waiting for the grace', async () => {
    const exit = jest.fn();
    closeOnSignals({ close: () => Promise.resolve() }, { graceMs: 10_000, logger, exit, on });
    listeners.get('SIGTERM')!();
    await Promise.resolve();
    await Promise.resolve();
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('exits when the grace is over even if closing never finishes (a connection waiting on a dead Redis)', async () => {
    const exit = jest.fn();
    closeOnSignals({ close: () => new Promise<void>(() => undefined) }, { graceMs: 10_000, logger, exit, on });
    listeners.get('SIGTERM')!();
    jest.advanceTimersByTime(9_999);
    expect(exit).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(exit).toHaveBeenCalledWith(1);
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ msg: expect.stringContaining('shutdown grace over') }));
  });

  it('closes once when a second signal arrives while it is stopping', () => {
    const close = jest.fn(() => new Promise<void>(() => undefined));
    closeOnSignals({ close }, { graceMs: 10_000, logger, exit: jest.fn(), on });
    listeners.get('SIGTERM')!();
    listeners.get('SIGINT')!();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
