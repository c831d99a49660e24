// Following a batch job as it runs: its event stream pushes the counts, then the job once it
// has ended. A stream the server refuses (too many open for this account) is not retried by
// the browser, so the job is then asked for once a second instead.
import { api } from './api.js';

/**
 * Follows job `id`: `onProgress({rows, done, failed})` as the counts change, `onEnd(job)` once
 * when it has finished or failed, `onError(error)` if it cannot be followed. Answers a
 * function that stops following.
 */
export function followJob(id, { onProgress, onEnd, onError }) {
  let stopped = false;
  let timer = null;
  const stream = new EventSource(`/api/v1/batch-jobs/${encodeURIComponent(id)}/stream`);
  const stop = () => {
    stopped = true;
    stream.close();
    clearTimeout(timer);
  };
  const end = (job) => {
    if (stopped) return;
    stop();
    onEnd(job);
  };
  stream.addEventListener('progress', (e) => onProgress(JSON.parse(e.data)));
  stream.addEventListener('done', (e) => end(JSON.parse(e.data)));
  stream.addEventListener('failed', (e) => end(JSON.parse(e.data)));
  stream.addEventListener('error', () => {
    if (stream.readyState !== EventSource.CLOSED || stopped) return;
    const poll = async () => {
      if (stopped) return;
      try {
        const job = await api('GET', `/api/v1/batch-jobs/${encodeURIComponent(id)}`);
        if (job.state === 'finished' || job.state === 'failed') return end(job);
        onProgress(job);
        timer = setTimeout(poll, 1000);
      } catch (error) {
        stop();
        onError(error);
      }
    };
    poll();
  });
  return stop;
}
