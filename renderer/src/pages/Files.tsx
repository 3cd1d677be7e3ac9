// Files: browse the mem/disk filesystems, download through their public mount, upload with progress, delete.
import { useCallback, useEffect, useId, useState } from 'react';
import type { Config, FileInfo, FilesystemInfo } from '../api/types.js';
import { formatBytes, formatTime } from '../components/format.js';
import { useAction } from '../components/useAction.js';
import { useConfig, useStores } from '../store/index.js';

/** The configured size limit of a filesystem in bytes (0 = unlimited); mem and disk have one in the config. */
function limitOf(config: Config | null, name: string): number {
  const storage = config?.config.storage as Record<string, { max_size_mbytes?: number } | undefined> | undefined;
  const entry = name === 'mem' ? storage?.memory : name === 'disk' ? storage?.disk : undefined;
  return (entry?.max_size_mbytes ?? 0) * 1024 * 1024;
}

/** Saves a Blob through a temporary object URL (in Electron the download ends in a save dialog). */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name.split('/').pop() || 'download';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function Files() {
  const { client, config } = useStores();
  const configData = useConfig((state) => state.data);
  const run = useAction();
  const [filesystems, setFilesystems] = useState<FilesystemInfo[]>([]);
  const [current, setCurrent] = useState<string>('');
  const [files, setFiles] = useState<FileInfo[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const selectId = useId();
  const uploadId = useId();

  useEffect(() => {
    if (!config.getState().data) void config.getState().load();
    void run(async () => {
      const list = await client.filesystems();
      setFilesystems(list);
      setCurrent((value) => value || list[0]?.name || '');
    });
  }, [client, run]);

  const reload = useCallback(async () => {
    if (!current) return;
    const list = await run(() => client.listFiles(current));
    if (list) setFiles([...list].sort((a, b) => a.name.localeCompare(b.name)));
  }, [client, current, run]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const filesystem = filesystems.find((fs) => fs.name === current);
  const mount = filesystem?.mount ?? '';
  // In a browser, disk files stream straight from their public mount; everything else (memfs behind its own
  // Basic auth, S3, any file inside the app) comes through the API with the session's token.
  const directLink = !window.core && filesystem?.type === 'disk' && mount !== '';
  const used = files.reduce((sum, file) => sum + file.size_bytes, 0);
  const limit = limitOf(configData, current);
  const download = (name: string) =>
    void run(async () => saveBlob(await client.download(current, name), name));

  const upload = async (file: File) => {
    setProgress(0);
    await run(() => client.upload(current, '/' + file.name, file, setProgress), `Uploaded ${file.name}.`);
    setProgress(null);
    await reload();
  };

  return (
    <section aria-labelledby="files-title">
      <h1 id="files-title">Files</h1>
      <div className="toolbar">
        <label htmlFor={selectId}>Filesystem</label>
        <select id={selectId} value={current} onChange={(event) => setCurrent(event.target.value)}>
          {filesystems.map((fs) => (
            <option key={fs.name} value={fs.name}>
              {fs.name} ({fs.type}, {fs.mount || 'not mounted'})
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void reload()}>
          Refresh
        </button>
        <label htmlFor={uploadId}>Upload a file</label>
        <input
          id={uploadId}
          type="file"
          disabled={!current || progress !== null}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void upload(file);
          }}
        />
        {progress !== null && <progress max={1} value={progress} aria-label="Upload progress" />}
      </div>
      {current && (
        <p className="usage" aria-label={`Storage usage of ${current}`}>
          {files.length} {files.length === 1 ? 'file' : 'files'}, {formatBytes(used)} used
          {limit > 0 && (
            <>
              {' '}of {formatBytes(limit)} <meter min={0} max={limit} value={used} aria-label={`${current} usage`} />
            </>
          )}
        </p>
      )}
      {files.length === 0 ? (
        <p>No files.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Size</th>
                <th scope="col">Modified</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.name}>
                  <th scope="row">{file.name}</th>
                  <td>{formatBytes(file.size_bytes)}</td>
                  <td>{formatTime(file.last_modified)}</td>
                  <td className="actions">
                    {directLink ? (
                      <a href={window.location.origin + mount.replace(/\/$/, '') + file.name} download aria-label={`Download ${file.name}`}>
                        Download
                      </a>
                    ) : (
                      <button type="button" aria-label={`Download ${file.name}`} onClick={() => download(file.name)}>
                        Download
                      </button>
                    )}
                    <button
                      type="button"
                      aria-label={`Delete ${file.name}`}
                      onClick={() => {
                        if (window.confirm(`Delete ${file.name}?`)) void run(() => client.deleteFile(current, file.name), `Deleted ${file.name}.`).then(reload);
                      }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
