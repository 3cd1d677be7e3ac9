// Core's built-in placeholder templates ({diskfs}, {memfs}, {fs:*}, {rtmp}, {srt}), built from plain settings.
import { goQueryEscape, goUserinfo, joinHostPort, splitHostPort } from './go-url.js';
import { staticTemplate, type Template, type Templates } from './replace.js';

export interface BasicAuth {
  username: string;
  password: string;
}

/** What the templates need to know about the engine; see templateSettingsFromConfig for Core's mapping. */
export interface TemplateSettings {
  /** Absolute storage.disk.dir: {diskfs} and {fs:disk}. */
  diskDir: string;
  /** The HTTP listen address (config `address`, e.g. ":8080"); memfs and S3 mounts are reached through it. */
  httpAddress: string;
  /** storage.memory.auth when enabled: the credentials go into the {memfs} URL, as Core does. */
  memfsAuth?: BasicAuth | null;
  /** storage.s3 mounts: {fs:<name>} = http://[user:pass@]host:port<mountpoint>. */
  s3?: ReadonlyArray<{ name: string; mountpoint: string; auth?: BasicAuth | null }>;
  /** rtmp.address/app/token: {rtmp,name=X}. Omit to leave {rtmp} unregistered. */
  rtmp?: { address: string; app: string; token: string } | null;
  /** srt.address/token/passphrase: {srt,name=X[,latency=µs]}. Omit to leave {srt} unregistered. */
  srt?: { address: string; token: string; passphrase: string } | null;
}

const hostOrLocalhost = (host: string) => (host.length > 0 ? host : 'localhost');

/** The base URL of a filesystem mounted on the HTTP server: an empty listen host means localhost. */
function mountUrl(httpAddress: string, path: string, auth?: BasicAuth | null): string {
  const { host, port } = splitHostPort(httpAddress);
  const hostPort = host.length > 0 ? httpAddress : `localhost:${port}`;
  const userinfo = auth ? goUserinfo(auth.username, auth.password) + '@' : '';
  return `http://${userinfo}${hostPort}${path}`;
}

function rtmpTemplate(rtmp: NonNullable<TemplateSettings['rtmp']>): string {
  const { host, port } = splitHostPort(rtmp.address);
  let url = `rtmp://${joinHostPort(hostOrLocalhost(host), port)}`;
  if (rtmp.app !== '/') url += rtmp.app; // the default app "/" adds nothing
  url += '/{name}';
  if (rtmp.token.length > 0) url += `?token=${rtmp.token}`;
  return url;
}

/** Outputs publish and everything else requests; latency is in microseconds (20 ms by default). */
function srtTemplate(srt: NonNullable<TemplateSettings['srt']>): Template {
  const { host, port } = splitHostPort(srt.address);
  const base = `srt://${joinHostPort(hostOrLocalhost(host), port)}?mode=caller&transtype=live&latency={latency}&streamid={name}`;
  return {
    fn: (section) => {
      let url = base + (section === 'output' ? ',mode:publish' : ',mode:request');
      if (srt.token.length > 0) url += `,token:${srt.token}`;
      if (srt.passphrase.length > 0) url += `&passphrase=${goQueryEscape(srt.passphrase)}`;
      return url;
    },
    defaults: { latency: '20000' },
  };
}

export function createDefaultTemplates(settings: TemplateSettings): Templates {
  const templates = new Map<string, Template>();
  const disk = staticTemplate(settings.diskDir);
  const mem = staticTemplate(mountUrl(settings.httpAddress, '/memfs', settings.memfsAuth));
  templates.set('diskfs', disk).set('fs:disk', disk).set('memfs', mem).set('fs:mem', mem);
  for (const s3 of settings.s3 ?? []) {
    templates.set(`fs:${s3.name}`, staticTemplate(mountUrl(settings.httpAddress, s3.mountpoint, s3.auth)));
  }
  if (settings.rtmp) templates.set('rtmp', staticTemplate(rtmpTemplate(settings.rtmp)));
  if (settings.srt) templates.set('srt', srtTemplate(settings.srt));
  return templates;
}
