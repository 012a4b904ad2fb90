import { aSchedule, ControlApiHarness } from '../testing/control-api.harness';

/** The value of one sample of `GET /metrics`, e.g. `riposte_control_agents{state="active"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('inventory gauges on GET /metrics, read from Redis at each scrape (deploy/prometheus alerts on them)', () => {
  const h = new ControlApiHarness();

  beforeAll(async () => {
    await h.start();
    await h.agent('001');
    await h.agent('002');
    await h.agent('003', { inactive: true });
    await h.timers.schedule(aSchedule({ agentId: '001', srcip: '1.2.3.4', addedAt: h.clock.t - 10_000 }));
  });
  afterAll(() => h.stop());

  it('counts agents by state and the active responses', async () => {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect({
      active: sample(text, 'riposte_control_agents{state="active"}'),
      inactive: sample(text, 'riposte_control_agents{state="inactive"}'),
      responses: sample(text, 'riposte_control_active_responses'),
    }).toEqual({ active: 2, inactive: 1, responses: 1 });
  });
});
