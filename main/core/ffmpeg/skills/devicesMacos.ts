// macOS capture devices: FFmpeg's avfoundation input lists cameras, screens and microphones on stderr.
import { parseAvfoundationDevices } from './avfoundation.js';
import type { HardwareByDevice } from './devices.js';
import type { DeviceGatherContext } from './gatherRunner.js';

export async function gatherMacosDevices(ctx: DeviceGatherContext): Promise<HardwareByDevice> {
  // Listing always "fails" (there is no input to open), so the exit code says nothing.
  const args = ['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', ''];
  const { stderr } = await ctx.run(ctx.binary, args, ctx.timeoutMs);
  return { avfoundation: parseAvfoundationDevices(stderr) };
}
