/**
 * Collects single-item calls made at about the same moment (e.g. by 50 concurrent queue jobs) into one
 * batch call: one SQL statement for many rows instead of a round trip each. A batch closes when it is
 * full or `maxWaitMs` after its first item, so a lone call waits at most that long.
 */
export class MicroBatcher<Input, Output> {
  private pending: { input: Input; resolve: (value: Output) => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly runBatch: (inputs: Input[]) => Promise<Output[]>,
    private readonly options: { maxBatch: number; maxWaitMs: number },
  ) {}

  submit(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.pending.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    this.runBatch(batch.map((item) => item.input)).then(
      (outputs) => {
        if (outputs.length !== batch.length) {
          const error = new Error(`Batch returned ${outputs.length} results for ${batch.length} inputs`);
          batch.forEach((item) => item.reject(error));
          return;
        }
        batch.forEach((item, index) => item.resolve(outputs[index]));
      },
      (error) => batch.forEach((item) => item.reject(error)),
    );
  }
}
