// Files: browse the mem/disk filesystems, download through their public mount, upload with progress, delete.
import { useCallback, useEffect, useId, useState } from 'react';
import type { FileInfo, FilesystemInfo } from '../api/types.js';
import { formatBytes, formatTime } from '../components/format.js';
import { useAction } from '../components/useAction.js';
import { useStores } from '../store/index.js';

export function Files() {
  const { client } = useStores();
  const run = useAction();
  const [filesystems, setFilesystems] = useState<FilesystemInfo[]>([]);
  const [current, setCurrent] = useState<string>('');
  const [files, setFiles] = useState<FileInfo[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const selectId = useId();
  const uploadId = useId();

  useEffect(() => {
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

  const mount = filesystems.find((fs) => fs.name === current)?.mount ?? '';
  const origin = window.core ? '' : window.location.origin;

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
                    {mount && origin && (
                      <a href={origin + mount.replace(/\/$/, '') + file.name} download aria-label={`Download ${file.name}`}>
                        Download
                      </a>
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
