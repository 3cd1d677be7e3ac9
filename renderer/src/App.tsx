// The control UI shell: shows which engine it is connected to.
import { useEffect, useState } from 'react';
import { send } from './api/transport.js';

interface About {
  app: string;
  name?: string;
  id?: string;
  version: { number: string };
  auths: string[];
}

export function App() {
  const [about, setAbout] = useState<About | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    send({ method: 'GET', url: '/api' })
      .then((response) => setAbout(JSON.parse(response.body) as About))
      .catch((failure: unknown) => setError(String(failure)));
  }, []);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>Streaming Appliance</h1>
      {error && <p role="alert">Cannot reach the engine: {error}</p>}
      {about && (
        <dl>
          <dt>Engine</dt>
          <dd>{about.name ?? 'login required'}</dd>
          <dt>API version</dt>
          <dd>{about.version.number}</dd>
          <dt>Authentication</dt>
          <dd>{about.auths.length > 0 ? about.auths.join(', ') : 'off'}</dd>
        </dl>
      )}
      <p>
        <a href="../api/swagger/index.html">API documentation (Swagger UI)</a>
      </p>
    </main>
  );
}
