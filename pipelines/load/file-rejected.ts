/**
 * A whole-file refusal: nothing of the file is kept but the reason (and the lines that caused it).
 * `extract` is the extract the file was recognised as, or came closest to, when known.
 */
export class FileRejected extends Error {
  readonly rowsRead: number;
  readonly lines: { line: number; column: string; reason: string }[];
  readonly extract: string | null;
  constructor(
    message: string,
    rowsRead = 0,
    lines: FileRejected['lines'] = [],
    extract: string | null = null,
  ) {
    super(message);
    this.rowsRead = rowsRead;
    this.lines = lines;
    this.extract = extract;
  }
}
