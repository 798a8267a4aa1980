/** Progress on the terminal for long jobs: one rewritten line on a TTY, nothing when piped. */
export function progressLine(stream: NodeJS.WriteStream = process.stderr) {
  const live = Boolean(stream.isTTY) && !process.env.CI;
  let last = '';
  return {
    update(text: string) {
      if (!live) return;
      const line = text.slice(0, (stream.columns ?? 100) - 1);
      stream.write(`\r${line}${' '.repeat(Math.max(0, last.length - line.length))}`);
      last = line;
    },
    done() {
      if (live && last) stream.write(`\r${' '.repeat(last.length)}\r`);
      last = '';
    },
  };
}
