// SRT fan-out: 1 publisher and 20 ffmpeg subscribers on the engine's SRT server; packet loss from libsrt's
// statistics, and the engine's CPU against the same fan-out over its RTMP server in the same run.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort, measureCpu, round, sleep, startEngine, tempDir } from './lib.mjs';

const SUBSCRIBERS = Number(process.env.BENCH_SRT_SUBSCRIBERS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const work = tempDir('bench-srt-');
const source = path.join(work, 'src.ts');
execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-t', '60', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '2M', '-g', '50', '-f', 'mpegts', source]);

const srtPort = await freePort();
const rtmpPort = await freePort();
const engine = await startEngine({ CORE_SRT_ENABLE: 'true', CORE_SRT_ADDRESS: `127.0.0.1:${srtPort}`, CORE_RTMP_ENABLE: 'true', CORE_RTMP_ADDRESS: `127.0.0.1:${rtmpPort}` });
const children = [];
const run = (args) => {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], { stdio: 'ignore' });
  children.push(child);
  return child;
};

async function fanOut(publishUrl, playUrl, format) {
  const publisher = run(['-re', '-stream_loop', '-1', '-i', source, '-c', 'copy', '-f', format, publishUrl]);
  await sleep(3000);
  const players = Array.from({ length: SUBSCRIBERS }, () => run(['-i', playUrl, '-c', 'copy', '-f', 'null', '-']));
  await sleep(4000);
  const cpu = await measureCpu(engine.pid, SECONDS);
  const stats = format === 'mpegts' ? await (await fetch(`${engine.base}/api/v3/srt`)).json() : null;
  for (const child of [publisher, ...players]) child.kill('SIGKILL');
  await sleep(2000);
  return { cpu, stats };
}

try {
  const srt = await fanOut(`srt://127.0.0.1:${srtPort}?mode=caller&transtype=live&streamid=bench,mode:publish`, `srt://127.0.0.1:${srtPort}?mode=caller&transtype=live&streamid=bench`, 'mpegts');
  const rtmp = await fanOut(`rtmp://127.0.0.1:${rtmpPort}/bench`, `rtmp://127.0.0.1:${rtmpPort}/bench`, 'flv');
  const connections = Object.values(srt.stats[0].connections);
  const lost = connections.reduce((sum, c) => sum + c.stats.recv_loss_pkt + c.stats.send_loss_pkt + c.stats.send_drop_pkt + c.stats.recv_drop_pkt, 0);
  const subscribers = (srt.stats[0].subscriber.bench ?? []).length;
  const report = {
    benchmark: `SRT fan-out, 1 publisher at 2 Mbit/s, ${SUBSCRIBERS} subscribers`,
    subscribers_connected: subscribers,
    packets_lost_or_dropped: lost,
    engine_cpu_srt: round(srt.cpu),
    engine_cpu_rtmp_same_fanout: round(rtmp.cpu),
    ratio_srt_to_rtmp: round(srt.cpu / rtmp.cpu),
    goal: 'packet loss 0 on loopback',
  };
  report.pass = lost === 0 && subscribers === SUBSCRIBERS;
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.pass ? 0 : 1;
} finally {
  for (const child of children) child.kill('SIGKILL');
  engine.stop();
}
