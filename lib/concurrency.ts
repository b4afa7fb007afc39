/**
 * At most `limit` tasks at once; the rest wait their turn in order. Used for bcrypt: each
 * hash is ~0.25 s of CPU, and many at once starve every other request of the event loop,
 * while one or two at a time leave it room between their rounds.
 */
export function createConcurrencyGate(limit: number): { run<T>(task: () => Promise<T>): Promise<T>; active(): number; waiting(): number } {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    if (active >= limit) return;
    const start = queue.shift();
    if (start) {
      active += 1;
      start();
    }
  };
  return {
    run(task) {
      return new Promise((resolve, reject) => {
        queue.push(() => {
          task()
            .then(resolve, reject)
            .finally(() => {
              active -= 1;
              next();
            });
        });
        next();
      });
    },
    active: () => active,
    waiting: () => queue.length,
  };
}
