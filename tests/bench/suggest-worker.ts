import { parentPort, workerData } from 'node:worker_threads';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { suggest } from '../../core/suggest';

/** The worker of `npm run bench -- suggest`: times the pass and wink's bare read of one text. */
const { text, runs } = workerData as { text: string; runs: number };
const t0 = performance.now();
suggest(text);
const first = performance.now() - t0;
const nlp = winkNLP(model, ['sbd', 'pos', 'ner']);
const pass: number[] = [];
const bare: number[] = [];
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  suggest(text);
  pass.push(performance.now() - t);
  t = performance.now();
  nlp.readDoc(text);
  bare.push(performance.now() - t);
}
parentPort!.postMessage({ first, pass, bare });
