// Pages refresh by polling: the API has no server-sent events yet. A refresh never overlaps the
// previous one, and polling stops when the page is left.
export function poll(refresh, intervalMs = 3000) {
  let stopped = false;
  let timer;
  const tick = async () => {
    if (stopped) return;
    try {
      await refresh();
    } finally {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    }
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
