import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running the module `name` (`./udp-thread`, …) next to the module whose
 * `import.meta.url` is `from`: the compiled `.js` module when belay runs from `dist`, or, when it
 * runs from its TypeScript sources (the tests), the `.ts` source loaded through tsx.
 */
export function startModuleThread(from: string, name: string, workerData: unknown): Worker {
  const compiled = from.endsWith('.js');
  const entry = new URL(`${name}${compiled ? '.js' : '.ts'}`, from);
  if (compiled) return new Worker(entry, { workerData });
  const source = JSON.stringify(entry.href);
  // resolved here: the thread's own lookup of a bare name would start from the working folder
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(`import(${api}).then(({ tsImport }) => tsImport(${source}, ${source}))`, { eval: true, workerData });
}
