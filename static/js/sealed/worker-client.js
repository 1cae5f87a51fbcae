// The page's side of worker.js: one call per step, answered by a promise, with progress on the way.
import { Rejected } from "./crypto.js";

export class SealedWorker {
  #worker;
  #pending = new Map();
  #next = 0;

  constructor(url = new URL("./worker.js", import.meta.url)) {
    this.#worker = new Worker(url, { type: "module" });
    this.#worker.onmessage = ({ data }) => this.#answer(data);
  }

  /** step is "lock", "reply" or "finish"; args as crypto.js's makeLock, makeReply and finishRound take them. */
  run(step, args, onProgress = () => {}) {
    const id = this.#next++;
    const answered = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject, onProgress }));
    this.#worker.postMessage({ id, step, args });
    return answered;
  }

  terminate() {
    this.#worker.terminate();
  }

  #answer({ id, progress, result, error }) {
    const call = this.#pending.get(id);
    if (!call) return;
    if (progress) return call.onProgress(progress.done, progress.total);
    this.#pending.delete(id);
    if (error) call.reject(error.name === "Rejected" ? new Rejected(error.message) : new Error(error.message));
    else call.resolve(result);
  }
}
