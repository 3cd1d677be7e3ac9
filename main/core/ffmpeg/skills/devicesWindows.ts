// Windows capture devices: FFmpeg's dshow input lists cameras and microphones on stderr.
import type { HardwareByDevice } from './devices.js';
import { parseDshowDevices } from './devicesDshow.js';
import type { DeviceGatherContext } from './gatherRunner.js';

export async function gatherWindowsDevices(ctx: DeviceGatherContext): Promise<HardwareByDevice> {
  // Listing always "fails" ("dummy" is no input), so the exit code says nothing.
  const args = ['-hide_banner', '-f', 'dshow', '-list_devices', 'true', '-i', 'dummy'];
  const { stderr } = await ctx.run(ctx.binary, args, ctx.timeoutMs);
  return { dshow: parseDshowDevices(stderr) };
}
