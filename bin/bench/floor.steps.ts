// The bench's cucumber floor: the same features run by cucumber with no harness, one
// catch-all step definition and one hook. Each scenario sends the exchanges the
// suite made in it, all in its first step, with bare undici; its other steps do
// nothing. What any cucumber suite making these exchanges costs at least, so the
// bench can tell cucumber's share of the run from the harness's.
import { Before, Given } from '@cucumber/cucumber';
import type { Exchange } from '../../support/http/exchange.ts';
import { floor, replayScenario } from './replay.ts';

interface FloorWorld {
  exchanges: readonly Exchange[];
}

Before(function (this: FloorWorld) {
  this.exchanges = floor.scenarios[floor.next++] ?? [];
});

Given(/^.*$/, async function (this: FloorWorld) {
  const exchanges = this.exchanges;
  this.exchanges = [];
  if (!floor.target) throw new Error('the floor runs only from the bench, which sets its target');
  floor.matching += await replayScenario(exchanges, floor.target);
});
