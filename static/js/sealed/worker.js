// Runs a round's heavy steps (hundreds of scalar multiplications) off the page's thread, so the page
// stays responsive and can show progress. Started by worker-client.js as a module worker.
import { finishRound, makeLock, makeReply } from "./crypto.js";

const steps = { lock: makeLock, reply: makeReply, finish: finishRound };

self.onmessage = async ({ data: { id, step, args } }) => {
  try {
    if (!(step in steps)) throw new TypeError(`not a step: ${step}`);
    const progress = (done, total) => self.postMessage({ id, progress: { done, total } });
    self.postMessage({ id, result: await steps[step]({ ...args, progress }) });
  } catch (error) {
    self.postMessage({ id, error: { name: error.name, message: error.message } });
  }
};
