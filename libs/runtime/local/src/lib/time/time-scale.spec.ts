import { InvalidTimeScaleError } from '../errors';
import { AWS_TIMERS, DEFAULT_TIME_SCALE, parseTimeScale, TimeScale } from './time-scale';

describe('Class: TimeScale', () => {
  it('scales every AWS duration by the same factor', () => {
    const scale = new TimeScale(0.01);
    expect(scale.seconds(180)).toBe(1_800);
    expect(scale.ms(AWS_TIMERS.deduplicationWindowMs)).toBe(3_000);
    expect(scale.ms(AWS_TIMERS.streamPollIntervalMs)).toBe(3); // 2.5 ms, rounded
    expect(scale.backoff(AWS_TIMERS.pipeRetry)).toEqual({ baseMs: 10, maxMs: 600 });
    expect(scale.seconds(0)).toBe(0);
    expect(scale.describe()).toBe('AWS time × 0.01');
  });

  it('defaults to AWS time', () => {
    expect(DEFAULT_TIME_SCALE).toBe(1);
    expect(new TimeScale().seconds(180)).toBe(180_000);
  });

  it('never rounds a non-zero duration down to 0 ms', () => {
    expect(new TimeScale(0.001).ms(250)).toBe(1);
  });

  it.each([0, -1, 1.5, Number.NaN, Infinity])('refuses %p', (factor) => {
    expect(() => new TimeScale(factor)).toThrow(InvalidTimeScaleError);
    expect(() => new TimeScale(factor)).toThrow('time scale must be a number from 0.001 to 1');
  });
});

describe('Function: parseTimeScale', () => {
  it('reads a decimal factor', () => {
    expect(parseTimeScale('0.1').factor).toBe(0.1);
    expect(parseTimeScale('1').factor).toBe(1);
    expect(parseTimeScale('.05').factor).toBe(0.05);
  });

  it.each(['fast', '', '0', '2', '1/10'])('refuses %p, naming the flag and an example', (text) => {
    expect(() => parseTimeScale(text)).toThrow(InvalidTimeScaleError);
    expect(() => parseTimeScale(text)).toThrow(`--time-scale ${JSON.stringify(text)}: time scale must be`);
    expect(() => parseTimeScale(text)).toThrow('(e.g. npm start -- --time-scale 0.1)');
  });
});
