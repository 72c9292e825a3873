import { Role } from '@exam/domain';
import { mintToken } from '../token/mint';

export interface Person {
  role: Role;
  id: string;
  institutionId?: string;
}

/** How long the printed tokens stay valid: a working day. */
const TOKEN_HOURS = 8;

/** A demo step the server refused: which step, and the server's own status, code and message. */
export class DemoStepFailed extends Error {}

/** The seeding client: every call as a person, over real HTTP, with a token minted by the token command's code. */
export class DemoApi {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(readonly baseUrl: string) {}

  token(person: Person): Promise<string> {
    const key = `${person.role}:${person.id}:${person.institutionId ?? ''}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = mintToken({ role: person.role, sub: person.id, institutionId: person.institutionId, hours: TOKEN_HOURS });
      this.tokens.set(key, token);
    }
    return token;
  }

  /** A JSON command; anything but 2xx stops the demo with the server's answer. */
  async send(step: string, method: 'POST' | 'PUT', path: string, as: Person, body: object = {}): Promise<void> {
    const headers = { authorization: `Bearer ${await this.token(as)}`, 'content-type': 'application/json' };
    await this.expectOk(step, () => fetch(this.baseUrl + path, { method, headers, body: JSON.stringify(body) }));
  }

  /** A multipart upload of one file (CONTRACT.md: POST /api/exams/:id/files). */
  async upload(step: string, examId: string, as: Person, file: { name: string; type: string; content: string }, componentId?: string) {
    const form = new FormData();
    if (componentId) form.append('componentId', componentId);
    form.append('file', new Blob([file.content], { type: file.type }), file.name);
    const headers = { authorization: `Bearer ${await this.token(as)}` };
    await this.expectOk(step, () => fetch(`${this.baseUrl}/api/exams/${examId}/files`, { method: 'POST', headers, body: form }));
  }

  private async expectOk(step: string, call: () => Promise<Response>): Promise<void> {
    let response: Response;
    try {
      response = await call();
    } catch (error) {
      throw new DemoStepFailed(`${step}: cannot reach ${this.baseUrl} (${(error as Error).message}); is the server running (npm start)?`);
    }
    if (!response.ok) throw new DemoStepFailed(`${step}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  }
}
