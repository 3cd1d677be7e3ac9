#!/usr/bin/env node
// A stand-in for ffmpeg in lifecycle tests (like Core's internal/testhelper/ffmpeg): prints a stock banner and
// prelude, then a progress line every 250 ms. Behaviour is chosen with extra arguments anywhere in argv:
//   -fake_exit_after SECONDS   exit on its own after that long      -fake_exit_code N   with this code (default 0)
//   -fake_ignore_sigint        keep running on SIGINT                 -fake_no_progress   never print progress
//   -fake_crash                kill itself with SIGSEGV after -fake_exit_after
//   -fake_alloc_mb N           hold N MB of memory                     -fake_busy          burn CPU
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && index + 1 < args.length ? args[index + 1] : fallback;
};

if (flag('-version')) {
  process.stdout.write('ffmpeg version 4.0.2 Copyright (c) 2000-2018 the FFmpeg developers\nbuilt with gcc 8.2.0\nconfiguration: --fake\n');
  process.exit(0);
}

// Capability listings (skills): answer with an empty list, as a minimal build would.
if (['-codecs', '-formats', '-protocols', '-filters', '-hwaccels', '-devices', '-encoders', '-decoders'].some(flag)) process.exit(0);

const out = (line) => process.stderr.write(line + '\n');
out('ffmpeg version 4.0.2 Copyright (c) 2000-2018 the FFmpeg developers');
out('  built with Apple LLVM version 9.1.0 (clang-902.0.39.2)');
out("Input #0, lavfi, from 'testsrc=size=1280x720:rate=25':");
out('  Duration: N/A, start: 0.000000, bitrate: N/A');
out('    Stream #0:0: Video: rawvideo (RGB[24] / 0x18424752), rgb24, 1280x720 [SAR 1:1 DAR 16:9], 25 tbr, 25 tbn, 25 tbc');
out("Output #0, null, to 'pipe:':");
out('  Metadata:');
out('    encoder         : Lavf58.12.100');
out('    Stream #0:0: Video: wrapped_avframe, rgb24, 1280x720 [SAR 1:1 DAR 16:9], q=2-31, 200 kb/s, 25 fps, 25 tbn, 25 tbc');
out('Stream mapping:');
out('  Stream #0:0 -> #0:0 (rawvideo (native) -> wrapped_avframe (native))');
out('Press [q] to stop, [?] for help');

if (value('-fake_alloc_mb')) globalThis.keep = Buffer.alloc(Number(value('-fake_alloc_mb')) * 1024 * 1024, 1);
if (flag('-fake_busy')) setInterval(() => { const end = Date.now() + 240; while (Date.now() < end); }, 250);

let frame = 0;
const started = Date.now();
if (!flag('-fake_no_progress')) {
  setInterval(() => {
    frame += 6;
    const seconds = (Date.now() - started) / 1000;
    const time = new Date(seconds * 1000).toISOString().slice(11, 22);
    process.stderr.write(`frame=${String(frame).padStart(5)} fps= 25 q=-0.0 size=N/A time=${time} bitrate=N/A speed=   1x    \r`);
  }, 250);
} else {
  setInterval(() => {}, 1000);
}

const exitAfter = Number(value('-fake_exit_after', '0'));
if (exitAfter > 0) {
  setTimeout(() => {
    if (flag('-fake_crash')) process.kill(process.pid, 'SIGSEGV');
    else process.exit(Number(value('-fake_exit_code', '0')));
  }, exitAfter * 1000);
}

process.on('SIGINT', () => {
  if (flag('-fake_ignore_sigint')) return;
  out('Exiting normally, received signal 2.');
  process.exit(255);
});
