import { expect } from 'chai';
import type { Request } from 'express';
import { Admission, kindOf, OverloadedError, type AdmissionOptions } from '../../src/web/admission.js';

/** A gate on a clock the test moves by hand. */
function gate(options: Partial<AdmissionOptions> = {}): { gate: Admission; tick: (ms: number) => void } {
  let now = 0;
  return {
    gate: new Admission({ clock: () => now, ...options }),
    tick: (ms) => {
      now += ms;
    },
  };
}

const conn = (): object => ({});

/** Lets the gate's deferred grants run. */
const turn = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/** Runs one request of `ms` for `who` through the gate, so that its cost is remembered. */
async function spend(g: { gate: Admission; tick: (ms: number) => void }, who: { address: string; connection: object; kind?: string }, ms: number): Promise<void> {
  const ticket = await g.gate.enter(who);
  g.tick(ms);
  ticket.leave();
}

describe('web/admission', () => {
  describe('#enter', () => {
    it('runs one request at a time and then the waiting request of the cheapest client, not the first to arrive', async () => {
      const g = gate();
      const heavy = { address: '10.0.0.1', connection: conn() };
      const light = { address: '10.0.0.2', connection: conn() };
      await spend(g, heavy, 400);
      await spend(g, light, 5);
      const holder = await g.gate.enter({ address: '10.0.0.3', connection: conn() });
      const order: string[] = [];
      const a = g.gate.enter(heavy).then((t) => {
        order.push('heavy');
        t.leave();
      });
      const b = g.gate.enter(light).then((t) => {
        order.push('light');
        t.leave();
      });
      await turn();
      expect(order).to.deep.equal([]);
      expect(g.gate.load).to.deep.equal({ running: 1, waiting: 2 });
      holder.leave();
      await Promise.all([a, b]);
      expect(order).to.deep.equal(['light', 'heavy']);
    });

    it('lets a cheap kind of request from a new client go before a costly kind sent from many new addresses (was first come, first served among new clients)', async () => {
      const g = gate();
      // One earlier request of each kind, from other clients: what each kind costs.
      await spend(g, { address: '10.1.0.1', connection: conn(), kind: 'compare t128' }, 90);
      await spend(g, { address: '10.1.0.2', connection: conn(), kind: 'search t2' }, 8);
      const holder = await g.gate.enter({ address: '10.0.0.3', connection: conn() });
      const order: string[] = [];
      const costly = Array.from({ length: 5 }, (_, i) =>
        g.gate.enter({ address: `10.66.0.${String(i)}`, connection: conn(), kind: 'compare t128' }).then((t) => {
          order.push('costly');
          t.leave();
        }),
      );
      const cheap = g.gate.enter({ address: '10.0.0.9', connection: conn(), kind: 'search t2' }).then((t) => {
        order.push('cheap');
        t.leave();
      });
      await turn();
      holder.leave();
      await Promise.all([...costly, cheap]);
      expect(order).to.deep.equal(['cheap', 'costly', 'costly', 'costly', 'costly', 'costly']);
    });

    it('grants a cheap waiting request its turn as soon as the previous one ends, within the slice; a costly one, or one past the slice, on a later loop turn', async () => {
      const g = gate({ cheapMs: 2, sliceMs: 5 });
      await spend(g, { address: '10.2.0.1', connection: conn(), kind: 'search t1' }, 1);
      await spend(g, { address: '10.2.0.2', connection: conn(), kind: 'compare t128' }, 90);
      await turn();
      const holder = await g.gate.enter({ address: '10.2.0.3', connection: conn() });
      const order: string[] = [];
      const ask = (name: string, kind: string) =>
        g.gate.enter({ address: `10.2.1.${name}`, connection: conn(), kind }).then((t) => {
          order.push(name);
          return t;
        });
      const cheap = ask('cheap', 'search t1');
      const costly = ask('costly', 'compare t128');
      await turn();
      // Within the slice: the cheap one is running the moment the holder leaves, before any loop turn.
      holder.leave();
      expect(g.gate.load).to.deep.equal({ running: 1, waiting: 1 });
      const first = await cheap;
      // The costly one is never granted in the same turn.
      first.leave();
      expect(g.gate.load).to.deep.equal({ running: 0, waiting: 1 });
      await turn();
      const second = await costly;
      expect(order).to.deep.equal(['cheap', 'costly']);
      // Past the slice, even a cheap one waits for the loop.
      const late = ask('late', 'search t1');
      await turn();
      g.tick(6);
      second.leave();
      expect(g.gate.load).to.deep.equal({ running: 0, waiting: 1 });
      (await late).leave();
    });

    it('grants every turn on a later loop turn with cheapMs 0', async () => {
      const g = gate({ cheapMs: 0 });
      await spend(g, { address: '10.3.0.1', connection: conn(), kind: 'search t1' }, 1);
      const holder = await g.gate.enter({ address: '10.3.0.2', connection: conn() });
      const next = g.gate.enter({ address: '10.3.0.3', connection: conn(), kind: 'search t1' });
      await turn();
      holder.leave();
      expect(g.gate.load).to.deep.equal({ running: 0, waiting: 1 });
      (await next).leave();
    });

    it('gives each admitted request the configured budget, counting down on the clock', async () => {
      const g = gate({ budgetMs: 50 });
      const ticket = await g.gate.enter({ address: 'a', connection: conn() });
      expect(ticket.budget.remaining()).to.equal(50);
      g.tick(30);
      expect(ticket.budget.remaining()).to.equal(20);
      g.tick(30);
      expect(ticket.budget.remaining()).to.equal(0);
      ticket.leave();
    });

    it('turns away at once what one connection pipelines beyond its share, with a Chinese message and Retry-After', async () => {
      const g = gate({ perConnection: 2, retryAfterSeconds: 3 });
      const who = { address: 'a', connection: conn() };
      const first = g.gate.enter(who);
      const second = g.gate.enter(who);
      const error: unknown = await g.gate.enter(who).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(OverloadedError);
      expect((error as OverloadedError).status).to.equal(503);
      expect((error as OverloadedError).retryAfterSeconds).to.equal(3);
      expect((error as OverloadedError).message).to.equal('这个连接上排队的请求过多，请约 3 秒后再试');
      expect(g.gate.refused.connection).to.equal(1);
      (await first).leave();
      (await second).leave();
    });

    it('turns away what one client asks beyond its share, over any number of connections', async () => {
      const g = gate({ perClient: 3 });
      const tickets = [g.gate.enter({ address: 'a', connection: conn() }), g.gate.enter({ address: 'a', connection: conn() }), g.gate.enter({ address: 'a', connection: conn() })];
      const error: unknown = await g.gate.enter({ address: 'a', connection: conn() }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(OverloadedError);
      expect(g.gate.refused.client).to.equal(1);
      // Another client is still admitted (and before the client's own second and third).
      const order: string[] = [];
      const other = g.gate.enter({ address: 'b', connection: conn() });
      await Promise.all([
        ...tickets.map((t, i) =>
          t.then((ticket) => {
            order.push(`a${String(i)}`);
            ticket.leave();
          }),
        ),
        other.then((ticket) => {
          order.push('b');
          ticket.leave();
        }),
      ]);
      expect(order).to.deep.equal(['a0', 'b', 'a1', 'a2']);
    });

    it('with a full queue, turns away the costliest waiting client to make room for a cheaper one, and a newcomer no cheaper than the worst', async () => {
      const g = gate({ queue: 2 });
      const heavy = { address: 'heavy', connection: conn() };
      const light = { address: 'light', connection: conn() };
      const other = { address: 'other', connection: conn() };
      await spend(g, heavy, 300);
      await spend(g, light, 2);
      await spend(g, other, 100);
      const holder = await g.gate.enter({ address: 'x', connection: conn() });
      const heavyWait = g.gate.enter(heavy).catch((e: unknown) => e);
      const otherWait = g.gate.enter(other);
      // Full: the light client's request takes the heavy one's place.
      const lightWait = g.gate.enter(light);
      expect(await heavyWait).to.be.instanceOf(OverloadedError);
      // Full again, and a second heavy request is no cheaper than any waiting one.
      const refused: unknown = await g.gate.enter({ address: 'heavy', connection: conn() }).catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(OverloadedError);
      expect(g.gate.refused.queue).to.equal(2);
      holder.leave();
      (await lightWait).leave();
      (await otherWait).leave();
    });

    it('turns away a request that waited longer than maxWaitMs', async () => {
      const g = gate({ maxWaitMs: 20 });
      const holder = await g.gate.enter({ address: 'a', connection: conn() });
      const error: unknown = await g.gate.enter({ address: 'b', connection: conn() }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(OverloadedError);
      expect((error as Error).message).to.equal('等待检索的时间过长，请约 2 秒后再试');
      expect(g.gate.refused.wait).to.equal(1);
      holder.leave();
      expect(g.gate.load).to.deep.equal({ running: 0, waiting: 0 });
    });

    it('drops a waiting request whose client went away, and its place is free again', async () => {
      const g = gate({ perConnection: 1 });
      const holder = await g.gate.enter({ address: 'a', connection: conn() });
      const who = { address: 'b', connection: conn() };
      let hangUp = (): void => undefined;
      const gone = new Promise<void>((resolve) => {
        hangUp = resolve;
      });
      const waiting = g.gate.enter(who, gone).catch((e: unknown) => e);
      hangUp();
      expect(await waiting).to.be.instanceOf(OverloadedError);
      expect(g.gate.load).to.deep.equal({ running: 1, waiting: 0 });
      holder.leave();
      (await g.gate.enter(who)).leave();
    });

    it('remembers at most maxClients clients', async () => {
      const g = gate({ maxClients: 100 });
      for (let i = 0; i < 1000; i++) await spend(g, { address: `10.0.${String(i >> 8)}.${String(i & 255)}`, connection: conn() }, 1);
      expect(g.gate.clients).to.be.at.most(100);
    });

    it('refuses settings that would admit nothing', () => {
      expect(() => new Admission({ concurrency: 0 })).to.throw('admission: concurrency must be an integer ≥ 1, got "0"');
    });
  });

  describe('#kindOf', () => {
    const request = (baseUrl: string, path: string, query: Record<string, string>): Request => ({ baseUrl, path, route: { path }, query }) as unknown as Request;

    it('tells routes, query shapes and page sizes apart, and puts alike requests together', () => {
      const hundred = Array.from('业新发展经济建设改革创新企业项目服务城市农村生态文化教育医疗安全产业科技人才政府工作推进加快全面提升质量高效完善体系机制重点民生就业收入消费投资开放合作区域乡村振兴环境保护绿色低碳数字智能制造现代化治理能力水平市场主体营商优化财政金融').slice(0, 100).join('|');
      expect(kindOf(request('/api', '/compare', { q: hundred }))).to.equal('/api/compare t128 c256 s');
      expect(kindOf(request('/api', '/compare', { q: '营商环境' }))).to.equal('/api/compare t1 c4 s');
      expect(kindOf(request('/api', '/compare', { q: '乡村振兴' }))).to.equal(kindOf(request('/api', '/compare', { q: '营商环境' })));
      expect(kindOf(request('', '/search', { q: '科技 OR 人才', size: '100' }))).to.equal('/search t2 c8 s100');
      expect(kindOf(request('', '/doc/:id', {}))).to.equal('/doc/:id t0 c0 s');
    });
  });
});
