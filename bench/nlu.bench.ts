// npm run bench:nlu — the recogniser's start-up training time and its cost per message, on every
// labelled set (short questions and realistic messages: long stories cost the most).
// Medians of a few trainings and passes; the machines are shared and noisy, so compare runs made
// back to back (NLU_MODULE=path/to/other/nlu/index.ts measures another version in the same way).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readHoldoutFile, readJsonLines } from '../nlu/devset.js';
import type { Recognizer, RecognizerOptions } from '../nlu/index.js';
import { DEV_SET_FILE, HOLDOUT_FILE, REALISTIC_DEV_FILE, REALISTIC_HELDOUT_FILE } from '../nlu/sets.js';

const TRAININGS = Number(process.env.BENCH_TRAININGS ?? 3);
const PASSES = 5;

const modulePath = process.env.NLU_MODULE ? pathToFileURL(path.resolve(process.env.NLU_MODULE)).href : '../nlu/index.js';
const { createRecognizer } = (await import(modulePath)) as { createRecognizer: (options?: RecognizerOptions) => Promise<Recognizer> };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];

const texts = [
  ...(await readJsonLines(DEV_SET_FILE)),
  ...(await readHoldoutFile(HOLDOUT_FILE)),
  ...(await readJsonLines(REALISTIC_DEV_FILE)),
  ...(await readJsonLines(REALISTIC_HELDOUT_FILE).catch(() => [])),
].map((item) => item.text);

// CPU time as well as wall time: on a shared machine the wall time also counts the neighbours.
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const trainings: number[] = [];
const trainingsCpu: number[] = [];
let recognizer: Recognizer | undefined;
for (let i = 0; i < TRAININGS; i += 1) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  recognizer = await createRecognizer();
  trainingsCpu.push(cpuMs(process.cpuUsage(cpu)));
  trainings.push(performance.now() - started);
}
const perMessage: number[] = [];
const passes: number[] = [];
const passesCpu: number[] = [];
for (const text of texts) recognizer!.recognize(text); // warm-up
for (let pass = 0; pass < PASSES; pass += 1) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const text of texts) {
    const one = performance.now();
    recognizer!.recognize(text);
    perMessage.push(performance.now() - one);
  }
  passesCpu.push(cpuMs(process.cpuUsage(cpu)) / texts.length);
  passes.push((performance.now() - started) / texts.length);
}
const longest = texts.reduce((a, b) => (b.length > a.length ? b : a));
const longStarted = performance.now();
for (let i = 0; i < 100; i += 1) recognizer!.recognize(longest);
const longMs = (performance.now() - longStarted) / 100;

console.log(`recogniser: ${process.env.NLU_MODULE ?? 'nlu/index.ts'}; ${texts.length} messages, ${TRAININGS} trainings, ${PASSES} passes`);
console.log(
  `training at start-up (median):         ${median(trainings).toFixed(0)} ms wall, ${median(trainingsCpu).toFixed(0)} ms CPU   (wall: ${trainings.map((t) => t.toFixed(0)).join(', ')} ms)`,
);
console.log(
  `recognition per message (median pass): ${(median(passes) * 1000).toFixed(0)} µs wall, ${(median(passesCpu) * 1000).toFixed(0)} µs CPU   p99 of single messages ${(quantile(perMessage, 0.99) * 1000).toFixed(0)} µs wall`,
);
console.log(`longest message (${longest.length} chars):      ${(longMs * 1000).toFixed(0)} µs`);
