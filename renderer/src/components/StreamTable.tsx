// The streams FFmpeg found in an input (wizard probe and channel page share it).
import type { ProbeStream } from '../api/types.js';

export function describeStream(stream: ProbeStream): string {
  const parts: string[] = [];
  if (stream.width && stream.height) parts.push(`${stream.width}×${stream.height}`);
  if (stream.fps) parts.push(`${stream.fps} fps`);
  if (stream.pix_fmt) parts.push(stream.pix_fmt);
  if (stream.sampling_hz) parts.push(`${stream.sampling_hz} Hz`);
  if (stream.layout) parts.push(stream.layout);
  if (stream.bitrate_kbps) parts.push(`${stream.bitrate_kbps} kbit/s`);
  return parts.join(', ') || '–';
}

export function StreamTable({ streams }: { streams: ProbeStream[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>Streams found</caption>
        <thead>
          <tr>
            <th scope="col">Input:stream</th>
            <th scope="col">Type</th>
            <th scope="col">Codec</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {streams.map((stream, index) => (
            <tr key={index}>
              <th scope="row">
                {stream.index ?? 0}:{stream.stream ?? index}
              </th>
              <td>{stream.type}</td>
              <td>{stream.codec}</td>
              <td>{describeStream(stream)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
