// The FFmpeg argv of a process: Core adds no flags of its own, the config is the whole command line.

interface CommandIO {
  address: string;
  options: readonly string[];
}

export interface CommandSource {
  options: readonly string[];
  input: readonly CommandIO[];
  output: readonly CommandIO[];
}

/** Global options, then per input its options, `-i` and address, then per output its options and address. */
export function createCommand(config: CommandSource): string[] {
  const command = [...config.options];
  for (const input of config.input) command.push(...input.options, '-i', input.address);
  for (const output of config.output) command.push(...output.options, output.address);
  return command;
}
