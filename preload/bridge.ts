// The one contract between preload and renderer: what `window.core` offers. Type-only, imported by both sides.
export interface CoreRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface CoreResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface CoreBridge {
  request(request: CoreRequest): Promise<CoreResponse>;
}

declare global {
  interface Window {
    core?: CoreBridge;
  }
}
