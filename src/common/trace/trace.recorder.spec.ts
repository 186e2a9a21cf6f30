import { AppConfig } from '../../config/app-config.js';
import { TraceExchange, TraceRecorder } from './trace.recorder.js';

const exchange = (n: number): Omit<TraceExchange, 'id'> => ({
  at: n,
  channel: 'back',
  from: 'grapher',
  to: 'as',
  method: 'GET',
  url: `/as/intro?n=${n}`,
  status: 200,
  durationMs: 1,
  request: { headers: {} },
  response: { headers: {} },
});

describe('TraceRecorder', () => {
  it('keeps only the newest TRACE_SIZE exchanges, with increasing ids', () => {
    const recorder = new TraceRecorder(new AppConfig({ TRACE_SIZE: '10' }));
    for (let i = 0; i < 25; i++) recorder.record(exchange(i));
    expect(recorder.size).toBe(10);
    const all = recorder.since(0);
    expect(all.map((e) => e.at)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(all.map((e) => e.id)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(recorder.since(23).map((e) => e.id)).toEqual([24, 25]);
  });

  it('records nothing at all when switched off', () => {
    const recorder = new TraceRecorder(new AppConfig({ TRACE: 'off' }));
    for (let i = 0; i < 5; i++) recorder.record(exchange(i));
    expect(recorder.enabled).toBe(false);
    expect(recorder.size).toBe(0);
    expect(recorder.since(0)).toEqual([]);
  });

  it('clear() forgets everything', () => {
    const recorder = new TraceRecorder(new AppConfig({}));
    recorder.record(exchange(1));
    recorder.clear();
    expect(recorder.since(0)).toEqual([]);
  });
});
