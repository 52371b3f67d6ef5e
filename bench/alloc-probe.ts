// Heap allocated per turn, for `npm run bench`: a benchmark server imports this; the first SIGUSR2
// starts V8's sampling heap profiler counting every allocation (also those already collected), the
// second prints `alloc <bytes>` on stdout. The bench divides by the turns it sent in between.
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  selfSize: number;
  children: ProfileNode[];
}
const total = (node: ProfileNode): number => node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0);

const session = new Session();
session.connect();
let sampling = false;
process.on('SIGUSR2', () => {
  void (async () => {
    if (!sampling) {
      sampling = true;
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 16_384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      } as object);
      console.log('alloc-started');
      return;
    }
    sampling = false;
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: ProfileNode } };
    console.log(`alloc ${total(profile.head)}`);
  })();
});

// SIGHUP: the heap in use after a full collection (the server runs with --expose-gc), for the heap a
// thousand open WebSocket conversations hold.
process.on('SIGHUP', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  console.log(`heap ${process.memoryUsage().heapUsed}`);
});
