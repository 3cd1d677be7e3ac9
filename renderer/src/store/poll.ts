// Runs a task on an interval only while the page is visible, so a hidden window costs the engine nothing.
export interface VisibilitySource {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export function pollWhileVisible(task: () => void, intervalMs: number, doc: VisibilitySource = document): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const update = () => {
    if (doc.visibilityState === 'visible' && timer === null) {
      task();
      timer = setInterval(task, intervalMs);
    } else if (doc.visibilityState !== 'visible' && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
  doc.addEventListener('visibilitychange', update);
  update();
  return () => {
    doc.removeEventListener('visibilitychange', update);
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
}

/** Shares one poller among several screens: the first subscriber starts it, the last one stops it. */
export function sharedPoll(start: () => () => void): () => () => void {
  let users = 0;
  let stop: (() => void) | null = null;
  return () => {
    users += 1;
    if (users === 1) stop = start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      users -= 1;
      if (users === 0) {
        stop?.();
        stop = null;
      }
    };
  };
}
