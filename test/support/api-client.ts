import { mintToken } from '../../scripts/token/mint';
import { Role } from '../../libs/exam-domain/src';

export interface Who {
  role: Role;
  id: string;
  institutionId?: string;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  as?: Who;
  body?: unknown;
  /** Sent as is (for malformed JSON and the like). */
  rawBody?: string | Blob | FormData;
  headers?: Record<string, string>;
}

/** Talks to the running server over real HTTP, with tokens minted for the given person. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  /** Minted by the token command's own code; a negative lifetime gives an expired token. */
  token(who: Who, expiresInSeconds = 3600): Promise<string> {
    return mintToken({ sub: who.id, role: who.role, institutionId: who.institutionId, hours: expiresInSeconds / 3600 }, this.secret);
  }

  async call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    let body: string | Blob | FormData | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if (/^application\/([\w.-]+\+)?json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  post<T = any>(path: string, as: Who, body: unknown = {}, headers?: Record<string, string>) {
    return this.call<T>('POST', path, { as, body, headers });
  }

  put<T = any>(path: string, as: Who, body: unknown) {
    return this.call<T>('PUT', path, { as, body });
  }

  upload<T = any>(examId: string, as: Who, file: { name: string; type: string; content: Buffer | Blob }, componentId?: string) {
    const form = new FormData();
    if (componentId) form.append('componentId', componentId);
    const blob = file.content instanceof Blob ? file.content : new Blob([file.content], { type: file.type });
    form.append('file', blob, file.name);
    return this.call<T>('POST', `/api/exams/${examId}/files`, { as, rawBody: form });
  }
}
