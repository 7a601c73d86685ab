/**
 * `load`, called at most once per `ttlMs` per execution environment: a value that changes rarely (the stored
 * exemptions) is read once a minute rather than once per message. A failed load is not kept.
 */
export function cachedFor<T>(ttlMs: number, load: () => Promise<T>, now = Date.now): () => Promise<T> {
  let cached: { value: Promise<T>; at: number } | undefined;
  return () => {
    if (!cached || now() - cached.at >= ttlMs) {
      const value = load();
      const entry = { value, at: now() };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.value;
  };
}
