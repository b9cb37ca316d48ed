/** Writes to stdout in large chunks; the CLI never calls process.exit() with output pending. */
export class BufferedOut {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {}
  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.parts.length) this.stream.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
