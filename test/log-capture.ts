/** A log destination that keeps every JSON line, for assertions on what was (and was not) logged. */
export function captureLogs() {
  const lines: string[] = [];
  return {
    lines,
    stream: { write: (line: string) => void lines.push(line) },
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown> & { msg?: string; level: number }),
  };
}
