import { useEffect, useState } from 'react';

/** The current value of one of our module-level stores (study session, overlay settings), kept fresh. */
export function useStore<T>(get: () => T, subscribe: (listener: (value: T) => void) => () => void): T {
  const [value, setValue] = useState(get);
  useEffect(() => subscribe(setValue), [subscribe]);
  return value;
}
